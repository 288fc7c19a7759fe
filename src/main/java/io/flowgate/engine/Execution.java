package io.flowgate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One run of one workflow revision ("activity"). Immutable: every change is a new value,
 * persisted as a {@code Transition}.
 *
 * @param trigger   manual | webhook | schedule | event | workflow (child run)
 * @param context   the trigger's data pills ({@code trigger.*}) and {@code inputs}, as given at start
 * @param wakeAt    when a {@link ExecutionStatus#WAITING} execution is due again; null if it waits for
 *                  something else (an event, an approval) or is not waiting
 * @param parentId  the execution that started this one through run-workflow, else null
 * @param version   bumped by the store on every update; used for optimistic changes
 */
public record Execution(
        String id,
        String team,
        String workflowId,
        int revision,
        String trigger,
        ExecutionStatus status,
        JsonNode context,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt,
        Instant wakeAt,
        String error,
        String parentId,
        long version) {

    /**
     * Created ahead of its start and waiting for it (a schedule's next slot): it runs only once its
     * {@link StartGate} admits it. Every other waiting execution has started before it parked.
     */
    public boolean deferred() {
        return status == ExecutionStatus.WAITING && startedAt == null;
    }

    public Execution withStatus(ExecutionStatus newStatus) {
        return new Execution(id, team, workflowId, revision, trigger, newStatus, context, createdAt, startedAt,
                endedAt, wakeAt, error, parentId, version);
    }

    public Execution started(Instant at) {
        return new Execution(id, team, workflowId, revision, trigger, ExecutionStatus.IN_PROGRESS, context,
                createdAt, startedAt == null ? at : startedAt, null, null, null, parentId, version);
    }

    public Execution waiting(Instant until) {
        return new Execution(id, team, workflowId, revision, trigger, ExecutionStatus.WAITING, context, createdAt,
                startedAt, null, until, null, parentId, version);
    }

    public Execution ended(ExecutionStatus end, Instant at, String failure) {
        return new Execution(id, team, workflowId, revision, trigger, end, context, createdAt, startedAt, at,
                null, failure, parentId, version);
    }
}
