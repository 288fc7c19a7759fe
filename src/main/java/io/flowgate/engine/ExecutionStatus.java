package io.flowgate.engine;

import com.fasterxml.jackson.annotation.JsonValue;

/** Execution statuses, in Boomerang's vocabulary (docs/api.md#statusdoc). */
public enum ExecutionStatus {
    NOT_STARTED("notstarted"),
    IN_PROGRESS("inProgress"),
    WAITING("waiting"),
    COMPLETED("completed"),
    FAILURE("failure"),
    CANCELLED("cancelled");

    private final String wire;

    ExecutionStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public boolean terminal() {
        return this == COMPLETED || this == FAILURE || this == CANCELLED;
    }

    public static ExecutionStatus fromWire(String s) {
        for (ExecutionStatus v : values()) {
            if (v.wire.equalsIgnoreCase(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("Unknown execution status '" + s + "'");
    }
}
