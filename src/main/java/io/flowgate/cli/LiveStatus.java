package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shows each new status document of a followed execution: on a terminal the table is redrawn in
 * place; otherwise (a pipe, a log file) one line is printed per change; with {@code --output json}
 * one compact document per line.
 */
final class LiveStatus {
    private static final String CURSOR_UP_LINES = "\033[%dF";
    private static final String CLEAR_TO_END = "\033[J";

    private final PrintWriter out;
    private final boolean terminal;
    private final Output output;
    private final Map<String, String> stepStates = new HashMap<>();
    private String executionState;
    private int drawnLines;

    LiveStatus(PrintWriter out, boolean terminal, Output output) {
        this.out = out;
        this.terminal = terminal;
        this.output = output;
    }

    void show(JsonNode doc) {
        if (output == Output.json) {
            out.println(doc.toString());
        } else if (terminal) {
            redraw(StatusView.lines(doc));
        } else {
            printChanges(doc);
        }
        out.flush();
    }

    private void redraw(List<String> lines) {
        if (drawnLines > 0) {
            out.print(String.format(CURSOR_UP_LINES, drawnLines));
            out.print(CLEAR_TO_END);
        }
        lines.forEach(out::println);
        drawnLines = lines.size();
    }

    private void printChanges(JsonNode doc) {
        if (executionState == null) {
            out.println(StatusView.header(doc));
            // An execution already over when first seen still gets its closing line below.
            executionState = StatusView.ended(doc) ? "" : doc.path("status").asText();
        }
        for (JsonNode step : doc.path("steps")) {
            String status = step.path("flowTaskStatus").asText();
            int attempt = step.path("attempt").asInt(1);
            String state = status + "#" + attempt;
            String taskId = step.path("taskId").asText();
            String before = stepStates.put(taskId, state);
            if (state.equals(before) || before == null && "notstarted".equals(status)) {
                continue;
            }
            StringBuilder line = new StringBuilder("step ").append(taskId).append(' ').append(status);
            if (attempt > 1) {
                line.append(" (attempt ").append(attempt).append(')');
            }
            if (!"inProgress".equals(status) && !"notstarted".equals(status) && !"waiting".equals(status)) {
                line.append(' ').append(Format.duration(step.path("duration").asLong()));
            }
            if (step.hasNonNull("error")) {
                line.append(": ").append(StatusView.errorText(step.get("error")));
            }
            out.println(line);
        }
        String status = doc.path("status").asText();
        if (!status.equals(executionState)) {
            executionState = status;
            out.println("execution " + doc.path("id").asText() + " " + status
                    + (StatusView.ended(doc) ? " " + Format.duration(doc.path("duration").asLong()) : "")
                    + (doc.hasNonNull("error") ? ": " + StatusView.errorText(doc.get("error")) : ""));
        }
    }
}
