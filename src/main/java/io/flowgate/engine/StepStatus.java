package io.flowgate.engine;

import com.fasterxml.jackson.annotation.JsonValue;

/** Step statuses ({@code flowTaskStatus}, docs/api.md#statusdoc). */
public enum StepStatus {
    NOT_STARTED("notstarted"),
    IN_PROGRESS("inProgress"),
    WAITING("waiting"),
    COMPLETED("completed"),
    FAILURE("failure"),
    SKIPPED("skipped"),
    CANCELLED("cancelled");

    private final String wire;

    StepStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Finished for good: later steps that need it may look at it. */
    public boolean terminal() {
        return this == COMPLETED || this == FAILURE || this == SKIPPED || this == CANCELLED;
    }

    public static StepStatus fromWire(String s) {
        for (StepStatus v : values()) {
            if (v.wire.equalsIgnoreCase(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("Unknown step status '" + s + "'");
    }
}
