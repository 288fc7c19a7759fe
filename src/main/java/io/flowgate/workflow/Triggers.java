package io.flowgate.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code triggers:} block. Manual is a flag; the other kinds are kept as their JSON
 * subtree and interpreted by their trigger package (webhook, schedule, events), so that the
 * workflow model does not depend on them. A missing kind is {@code null}.
 */
public record Triggers(boolean manual, JsonNode webhook, JsonNode schedule, JsonNode events) {
    public static Triggers manualOnly() {
        return new Triggers(true, null, null, null);
    }
}
