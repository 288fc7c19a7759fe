package io.flowgate.trigger.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The id of the run an event starts in a workflow: 6 bytes of the event's arrival in epoch milliseconds,
 * then 6 bytes of SHA-256 over (event seq, team, workflow) — the 24-hex, time-ordered shape of every
 * execution id. Processing the same event again (a redelivery after a crash, another node) derives the
 * same id, and the store refuses the second insert: one run per (event, workflow).
 */
final class EventIds {
    private static final HexFormat HEX = HexFormat.of();

    private EventIds() {}

    static String execution(String seq, Instant received, String team, String workflowId) {
        byte[] b = new byte[12];
        long m = received.toEpochMilli();
        for (int i = 5; i >= 0; i--) {
            b[i] = (byte) (m & 0xff);
            m >>>= 8;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((seq + "/" + team + "/" + workflowId)
                    .getBytes(StandardCharsets.UTF_8));
            System.arraycopy(hash, 0, b, 6, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        return HEX.formatHex(b);
    }
}
