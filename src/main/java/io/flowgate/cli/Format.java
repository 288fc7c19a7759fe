package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Small renderings shared by the table views. */
final class Format {
    private Format() {}

    /** 850ms, 4.2s, 3m07s, 2h05m. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format("%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }

    /** "2019-12-04T20:47:27.394+0000" shown as "2019-12-04 20:47:27"; other shapes as given. */
    static String date(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "-";
        }
        String s = node.asText();
        return s.length() >= 19 && s.charAt(10) == 'T' ? s.substring(0, 10) + " " + s.substring(11, 19) : s;
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "-" : node.asText();
    }
}
