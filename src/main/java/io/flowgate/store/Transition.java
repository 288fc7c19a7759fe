package io.flowgate.store;

import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.StepRun;
import java.time.Instant;
import java.util.List;

/**
 * One atomic change to an execution: its new row (optional) and any step rows to upsert, all
 * committed together or not at all. The guard decides whether the change still applies:
 * <ul>
 *   <li>{@code expectOwner} non-null: this node must still hold the execution's lease;</li>
 *   <li>the execution must not already be terminal in the store (a cancel wins over a late step).</li>
 * </ul>
 * After the change, the lease is held by {@code newOwner} until {@code leaseUntil}, or released
 * when {@code newOwner} is null (a waiting execution belongs to nobody until it is due).
 * {@code deliveries} are outbound webhook messages this change causes: written in the same
 * transaction, so a message exists if and only if its transition happened (outbox).
 */
public record Transition(
        String executionId,
        String expectOwner,
        Execution execution,
        List<StepRun> steps,
        String newOwner,
        Instant leaseUntil,
        List<NewDelivery> deliveries) {

    public Transition {
        steps = List.copyOf(steps);
        deliveries = deliveries == null ? List.of() : List.copyOf(deliveries);
    }

    /** A change that sends no webhooks. */
    public Transition(String executionId, String expectOwner, Execution execution, List<StepRun> steps,
                      String newOwner, Instant leaseUntil) {
        this(executionId, expectOwner, execution, steps, newOwner, leaseUntil, List.of());
    }

    public static Transition byOwner(String owner, Execution execution, List<StepRun> steps, Instant leaseUntil) {
        return new Transition(execution.id(), owner, execution, steps, owner, leaseUntil);
    }

    /** Terminal or waiting executions give up their lease. */
    public boolean releases() {
        return newOwner == null;
    }

    public ExecutionStatus status() {
        return execution == null ? null : execution.status();
    }
}
