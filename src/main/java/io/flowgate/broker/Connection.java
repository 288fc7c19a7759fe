package io.flowgate.broker;

import java.time.Instant;

/**
 * A named broker connection with its credentials decrypted, as the drivers need it. Lives only in memory;
 * {@link #toString()} leaves the password out.
 *
 * @param url      without credentials (they were moved out of it when the connection was saved)
 * @param username null when none; with a password but no username, the password is a token (NATS)
 */
public record Connection(String name, BrokerKind kind, String url, String username, String password,
                         Instant updatedAt) {

    /** {@code text} with the password replaced by {@code ***}: for error messages that might quote it. */
    public String redact(String text) {
        if (text == null || password == null || password.isEmpty()) {
            return text;
        }
        return text.replace(password, "***");
    }

    @Override
    public String toString() {
        return "Connection[" + name + ", " + kind.wire() + ", " + url + (password != null ? ", password ***" : "")
                + "]";
    }
}
