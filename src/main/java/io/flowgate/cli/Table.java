package io.flowgate.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Left-aligned text columns, two spaces apart, sized to the widest cell. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... headers) {
        this.columns = headers.length;
        rows.add(headers);
    }

    Table row(Object... cells) {
        String[] row = Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toArray(String[]::new);
        if (row.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells, got " + row.length);
        }
        rows.add(row);
        return this;
    }

    List<String> lines() {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                sb.append(row[i]);
                if (i < columns - 1) {
                    sb.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            lines.add(sb.toString().stripTrailing());
        }
        return lines;
    }
}
