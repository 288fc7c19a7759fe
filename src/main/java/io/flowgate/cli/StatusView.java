package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.engine.ExecutionStatus;
import java.util.ArrayList;
import java.util.List;

/** Renders a status document (docs/api.md#statusdoc) as a header line and a step table. */
final class StatusView {
    private StatusView() {}

    static List<String> lines(JsonNode doc) {
        List<String> lines = new ArrayList<>();
        lines.add(header(doc));
        if (doc.hasNonNull("error")) {
            lines.add("error: " + errorText(doc.get("error")));
        }
        Table table = new Table("ORDER", "STEP", "STATUS", "DURATION");
        for (JsonNode step : doc.path("steps")) {
            String status = step.path("flowTaskStatus").asText();
            int attempt = step.path("attempt").asInt(1);
            table.row(step.path("order").asText("-"), step.path("taskId").asText(),
                    attempt > 1 ? status + " (attempt " + attempt + ")" : status,
                    "notstarted".equals(status) ? "-" : Format.duration(step.path("duration").asLong()));
        }
        lines.addAll(table.lines());
        for (JsonNode step : doc.path("steps")) {
            if (step.hasNonNull("error")) {
                lines.add("step " + step.path("taskId").asText() + ": " + errorText(step.get("error")));
            }
        }
        return lines;
    }

    static String header(JsonNode doc) {
        return "execution " + doc.path("id").asText() + "  workflow " + doc.path("workflowId").asText()
                + " (revision " + doc.path("revision").asText(doc.path("workflowRevisionid").asText("?")) + ")"
                + "  trigger " + Format.text(doc.get("trigger")) + "  status " + doc.path("status").asText()
                + "  duration " + Format.duration(doc.path("duration").asLong());
    }

    static boolean ended(JsonNode doc) {
        try {
            return ExecutionStatus.fromWire(doc.path("status").asText()).terminal();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean completed(JsonNode doc) {
        return "completed".equals(doc.path("status").asText());
    }

    /** An error may be a string or an object with a message; either way one line. */
    static String errorText(JsonNode error) {
        if (error.isTextual()) {
            return error.asText();
        }
        for (String field : List.of("message", "msg")) {
            if (error.hasNonNull(field)) {
                return error.get(field).asText();
            }
        }
        return error.toString();
    }
}
