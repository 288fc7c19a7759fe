package io.flowgate.trigger.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Identifiers of schedules and of the executions they fire.
 *
 * <p>A schedule is {@code team:workflowId:index} — the position of its entry in {@code triggers.schedule}
 * (slugs never contain ':', so the id is unambiguous and needs no escaping in a URL). It stays the same
 * across revisions as long as the entry keeps its place, which keeps its pause state and history.
 *
 * <p>An execution fired for a slot gets an id derived from (schedule id, slot): 6 bytes of the slot's epoch
 * milliseconds, then 6 bytes of SHA-256 over both — the same 24-hex shape and time order as
 * {@link io.flowgate.core.Ids#timeOrdered}. Because the id is a primary key, a second fire of the same slot
 * (another node, a restart, a backfill over it) is refused by the store.
 */
public final class ScheduleIds {
    private static final HexFormat HEX = HexFormat.of();

    private ScheduleIds() {}

    public static String schedule(String team, String workflowId, int index) {
        return team + ":" + workflowId + ":" + index;
    }

    public static String execution(String scheduleId, Instant slot) {
        long millis = slot.toEpochMilli();
        byte[] b = new byte[12];
        long m = millis;
        for (int i = 5; i >= 0; i--) {
            b[i] = (byte) (m & 0xff);
            m >>>= 8;
        }
        byte[] hash = sha256(scheduleId + "@" + millis);
        System.arraycopy(hash, 0, b, 6, 6);
        return HEX.formatHex(b);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
