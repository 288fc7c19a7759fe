package io.flowgate.store;

import java.util.Objects;

/**
 * A small notice from one node to the others that something changed in the store: "there is work to
 * claim", "this execution changed", "events arrived"… It carries ids, never data: a node that cares reads
 * the store. A write adds signals to its transaction, so a signal exists only if that write committed.
 *
 * @param kind    what changed
 * @param subject what it changed (an execution id, a workflow key…); empty when the kind says enough
 */
public record Signal(Kind kind, String subject) {
    /** Longest subject sent; ids and workflow keys are far shorter, so a longer one is a programming error. */
    public static final int MAX_SUBJECT = 512;

    public enum Kind {
        /** Claimable executions now (subject empty) or at a time (subject: epoch millis of the earliest timer). */
        WORK('w'),
        /** An execution changed; subject: {@code id} (steps only) or {@code id status} (its row changed). */
        EXECUTION('x'),
        /** Custom events were accepted: event processors claim them. */
        EVENT('e'),
        /** Outbound deliveries are pending (new, released or redelivered). */
        DELIVERY('d'),
        /**
         * A capture session opened ({@code +<expiry epoch millis> <team/id>}) or closed ({@code -<team/id>}).
         */
        CAPTURE('c'),
        /** A capture session caught a request; subject: the session id. */
        CAPTURED('k');

        private final char code;

        Kind(char code) {
            this.code = code;
        }

        public char code() {
            return code;
        }

        public static Kind of(char code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            return null;
        }
    }

    public Signal {
        Objects.requireNonNull(kind, "kind");
        subject = subject == null ? "" : subject;
        if (subject.length() > MAX_SUBJECT || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("A signal subject is one short line, was: " + subject.length() + " chars");
        }
    }

    public static Signal of(Kind kind) {
        return new Signal(kind, "");
    }

    public static Signal of(Kind kind, String subject) {
        return new Signal(kind, subject);
    }

    /** The execution a {@link Kind#EXECUTION} signal names. */
    public String executionId() {
        int space = subject.indexOf(' ');
        return space < 0 ? subject : subject.substring(0, space);
    }

    /** The status wire name a {@link Kind#EXECUTION} signal carries, or null when only steps changed. */
    public String status() {
        int space = subject.indexOf(' ');
        return space < 0 ? null : subject.substring(space + 1);
    }
}
