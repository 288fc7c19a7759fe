package io.flowgate.core;

import java.util.Objects;

/**
 * Who holds a lease: a node id and the epoch of that node's current life, written into every {@code owner}
 * column as {@code <nodeId>#<epoch>} (for example {@code node-a#7}). A node takes a new epoch each time it
 * starts, and every guarded write compares the whole token, so a process restarted under the same node id —
 * or one that was paused past its lease while another node took its rows — can never commit with the token
 * of an earlier life.
 */
public record LeaseOwner(String nodeId, long epoch) {
    /** Node ids are letters, digits, '.', '_' and '-' (ConfigLoader), so '#' cannot occur in one. */
    public static final char SEPARATOR = '#';

    public LeaseOwner {
        Objects.requireNonNull(nodeId, "nodeId");
        if (nodeId.isEmpty() || nodeId.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("A node id is not empty and has no '" + SEPARATOR + "': '" + nodeId + "'");
        }
        if (epoch < 1) {
            throw new IllegalArgumentException("An epoch starts at 1, got " + epoch);
        }
    }

    /** Reads a token written by {@link #toString()}; fails on anything else. */
    public static LeaseOwner parse(String token) {
        int at = token == null ? -1 : token.lastIndexOf(SEPARATOR);
        if (at <= 0 || at == token.length() - 1) {
            throw new IllegalArgumentException("Not a lease owner token (node#epoch): '" + token + "'");
        }
        try {
            return new LeaseOwner(token.substring(0, at), Long.parseLong(token.substring(at + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a lease owner token (node#epoch): '" + token + "'", e);
        }
    }

    /** The owner of {@code token}, or empty for null and for values not written by this class (older rows). */
    public static java.util.Optional<LeaseOwner> tryParse(String token) {
        try {
            return java.util.Optional.of(parse(token));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** The prefix every token of {@code nodeId} starts with, whatever its epoch. */
    public static String prefixOf(String nodeId) {
        return nodeId + SEPARATOR;
    }

    /** The token of this node's next life. */
    public LeaseOwner next() {
        return new LeaseOwner(nodeId, epoch + 1);
    }

    @Override
    public String toString() {
        return nodeId + SEPARATOR + epoch;
    }
}
