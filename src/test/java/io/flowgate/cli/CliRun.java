package io.flowgate.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs one command line against captured stdout/stderr. */
record CliRun(int exit, String out, String err) {
    static CliRun run(Map<String, String> env, boolean terminal, ServerRunner runner, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new FlowgateCli(runner, env, new PrintWriter(out), new PrintWriter(err), terminal).execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    static CliRun run(Map<String, String> env, String... args) {
        return run(env, false, config -> {
            throw new AssertionError("serve was not expected");
        }, args);
    }
}
