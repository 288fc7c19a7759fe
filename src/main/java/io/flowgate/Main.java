package io.flowgate;

import io.flowgate.cli.FlowgateCli;

/** {@code ./flowgate <command>}: every word is a CLI command; {@code serve} runs the server. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(new FlowgateCli(App::runUntilStopped).execute(args));
    }
}
