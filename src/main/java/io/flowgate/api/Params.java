package io.flowgate.api;

import io.flowgate.core.BadRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parsing of path and query parameters, with 400 answers that name the parameter. */
final class Params {
    private Params() {}

    static int positiveInt(String value, String name) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException("invalid_" + name, "'" + name + "' must be a positive whole number");
    }

    static Integer optionalPositiveInt(String value, String name) {
        return value == null || value.isBlank() ? null : positiveInt(value, name);
    }

    /** An ISO-8601 duration such as PT30S. */
    static Duration duration(String value, String name) {
        try {
            Duration d = Duration.parse(value.trim());
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw new BadRequestException("invalid_" + name, "'" + name + "' must be an ISO-8601 duration such as PT30S");
    }

    /** An ISO-8601 instant; an offset date-time ({@code 2026-01-01T10:00:00+01:00}) is accepted too. */
    static Instant instant(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException("invalid_" + name,
                    "'" + name + "' must be an ISO-8601 date-time such as 2026-01-01T00:00:00Z");
        }
    }
}
