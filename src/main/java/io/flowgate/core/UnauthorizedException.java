package io.flowgate.core;

/**
 * The caller did not prove who it is. {@link #challenge()} is the {@code WWW-Authenticate}
 * value the HTTP edge answers with (e.g. {@code Bearer}); the message never says which part was wrong.
 */
public class UnauthorizedException extends FlowgateException {
    private final String challenge;

    public UnauthorizedException(String message, String challenge) {
        super("unauthorized", message);
        this.challenge = challenge;
    }

    public String challenge() {
        return challenge;
    }
}
