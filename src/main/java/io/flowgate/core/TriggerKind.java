package io.flowgate.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What started an execution: the {@code trigger.type} data pill and an execution's {@code trigger}. On the wire
 * (status documents, filters, the database) it is the lower-case name.
 */
public enum TriggerKind {
    MANUAL,
    WEBHOOK,
    SCHEDULE,
    EVENT,
    /** A child run, started by a run-workflow step. */
    WORKFLOW;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }

    /** @throws IllegalArgumentException naming the kinds there are */
    public static TriggerKind fromWire(String s) {
        for (TriggerKind k : values()) {
            if (k.wire.equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown trigger '" + s + "'; use manual | webhook | schedule | event | workflow");
    }
}
