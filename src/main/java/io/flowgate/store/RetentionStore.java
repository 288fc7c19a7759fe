package io.flowgate.store;

import java.time.Instant;
import java.util.List;

/**
 * Deletes history past its retention (docs/operations.md#retention), a small batch per call, so that each call is
 * one short write and the writer is never held for long. Only what nothing needs any more goes: finished
 * executions (with their steps and waits) whose parent, if any, has finished too; processed events; request-log
 * entries; final deliveries (delivered or dead) whose execution has finished. A row that changes between choosing
 * and deleting (an execution retried, a delivery redelivered) is left alone, and rows another node is deleting at
 * the same moment are skipped, so several nodes pruning at once is harmless.
 */
public interface RetentionStore {
    /** What is pruned; {@link #wire()} is the {@code kind} tag of {@code flowgate_pruned_total}. */
    enum Kind {
        EXECUTIONS("executions"),
        REQUESTS("requests"),
        EVENTS("events"),
        DELIVERIES("deliveries");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** Events are not one workflow's history (one event may start many): they follow the node's retention only. */
        public boolean perWorkflow() {
            return this != EVENTS;
        }
    }

    /** A workflow, by team and id. */
    record WorkflowKey(String team, String workflowId) {}

    /**
     * Which rows a prune looks at: those of one workflow ({@code only}), or of every workflow except some (those
     * with a retention of their own, pruned by their own calls).
     */
    record Scope(WorkflowKey only, List<WorkflowKey> except) {
        public Scope {
            except = except == null ? List.of() : List.copyOf(except);
        }

        public static Scope of(WorkflowKey workflow) {
            return new Scope(workflow, List.of());
        }

        public static Scope allExcept(List<WorkflowKey> workflows) {
            return new Scope(null, workflows);
        }
    }

    /**
     * Deletes up to {@code limit} rows of {@code kind} older than {@code before} (ended, received or last
     * attempted before it) within {@code scope}; returns how many went. Fewer than {@code limit} means none are
     * left (bar rows another node held at that moment).
     */
    int prune(Kind kind, Instant before, Scope scope, int limit);
}
