package io.flowgate.store.jdbc;

import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.StepStatus;
import io.flowgate.store.DeliveryStatus;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Status values as SQL literals, taken from the status enums' stored values so that SQL and code cannot drift
 * apart. Literals rather than bind parameters: the planner can then use the partial index on waiting
 * executions ({@code WHERE status = 'waiting'}, V1), which a bound value would not match.
 */
final class StatusSql {
    private StatusSql() {}

    static String literal(ExecutionStatus status) {
        return quote(status.wire());
    }

    static String literal(StepStatus status) {
        return quote(status.wire());
    }

    static String literal(DeliveryStatus status) {
        return quote(status.wire());
    }

    /** {@code 'a', 'b'}, for an {@code IN (…)} list. */
    static String literals(ExecutionStatus... statuses) {
        return Arrays.stream(statuses).map(StatusSql::literal).collect(Collectors.joining(", "));
    }

    private static String quote(String value) {
        // Stored values are plain words; refusing anything else keeps this safe to splice into SQL.
        if (!value.matches("[A-Za-z]+")) {
            throw new IllegalArgumentException("Not a plain status value: " + value);
        }
        return "'" + value + "'";
    }
}
