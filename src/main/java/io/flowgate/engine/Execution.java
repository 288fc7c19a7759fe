package io.flowgate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.TriggerKind;
import java.time.Instant;

/**
 * One run of one workflow revision ("activity"). Immutable: every change is a new value,
 * persisted as a {@code Transition}. New executions come from the named factories ({@link #notStarted},
 * {@link #deferredUntil}); every status change checks {@link Transitions}.
 *
 * @param trigger   what started it
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
        TriggerKind trigger,
        ExecutionStatus status,
        JsonNode context,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt,
        Instant wakeAt,
        String error,
        String parentId,
        long version) {

    /** Where a new execution comes from: everything it is created with besides its status and timers. */
    public record Origin(String id, String team, String workflowId, int revision, TriggerKind trigger,
                         JsonNode context, String parentId) {}

    /** A new execution, ready for a worker to start (a manual run, a webhook, a child run, a due slot). */
    public static Execution notStarted(Origin o, Instant createdAt) {
        return new Execution(o.id(), o.team(), o.workflowId(), o.revision(), o.trigger(), ExecutionStatus.NOT_STARTED,
                o.context(), createdAt, null, null, null, null, o.parentId(), 0);
    }

    /**
     * A new execution created ahead of its start (a schedule's next slot): {@link #deferred()}, due at
     * {@code startAt}, when its {@link StartGate} decides whether it runs.
     */
    public static Execution deferredUntil(Origin o, Instant createdAt, Instant startAt) {
        return new Execution(o.id(), o.team(), o.workflowId(), o.revision(), o.trigger(), ExecutionStatus.WAITING,
                o.context(), createdAt, null, null, startAt, null, o.parentId(), 0);
    }

    /**
     * Created ahead of its start and waiting for it (a schedule's next slot): it runs only once its
     * {@link StartGate} admits it. Every other waiting execution has started before it parked.
     */
    public boolean deferred() {
        return status == ExecutionStatus.WAITING && startedAt == null;
    }

    public Execution started(Instant at) {
        return new Execution(id, team, workflowId, revision, trigger, next(ExecutionStatus.IN_PROGRESS), context,
                createdAt, startedAt == null ? at : startedAt, null, null, null, parentId, version);
    }

    public Execution waiting(Instant until) {
        return new Execution(id, team, workflowId, revision, trigger, next(ExecutionStatus.WAITING), context,
                createdAt, startedAt, null, until, null, parentId, version);
    }

    public Execution ended(ExecutionStatus end, Instant at, String failure) {
        if (!end.terminal()) {
            throw new IllegalArgumentException(end + " is not an end");
        }
        return new Execution(id, team, workflowId, revision, trigger, next(end), context, createdAt, startedAt, at,
                null, failure, parentId, version);
    }

    /** A failed or cancelled execution opened again for a retry; it keeps its first start and its version. */
    public Execution reopened() {
        return new Execution(id, team, workflowId, revision, trigger, next(ExecutionStatus.NOT_STARTED), context,
                createdAt, startedAt, null, null, null, parentId, version);
    }

    private ExecutionStatus next(ExecutionStatus to) {
        return Transitions.require(status, to);
    }
}
