package io.flowgate.cli;

import java.util.List;

/**
 * A command could not do its job for a reason the user can act on. Its lines are printed to
 * stderr as they are (the first one starts with {@code error:}); no stack trace.
 */
final class CliFailure extends RuntimeException {
    private final List<String> lines;
    private final int exitCode;
    private final int httpStatus;

    CliFailure(List<String> lines, int exitCode) {
        this(lines, exitCode, 0);
    }

    /** @param httpStatus the server's HTTP status when it answered with an error, else 0 */
    CliFailure(List<String> lines, int exitCode, int httpStatus) {
        super(String.join("\n", lines));
        this.lines = List.copyOf(lines);
        this.exitCode = exitCode;
        this.httpStatus = httpStatus;
    }

    static CliFailure of(String message) {
        return new CliFailure(List.of("error: " + message), FlowgateCli.EXIT_FAILURE);
    }

    static CliFailure usage(String message) {
        return new CliFailure(List.of("error: " + message), FlowgateCli.EXIT_USAGE);
    }

    List<String> lines() {
        return lines;
    }

    int exitCode() {
        return exitCode;
    }

    int httpStatus() {
        return httpStatus;
    }
}
