package io.flowgate.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Identifiers. Execution ids are 24 hex characters (the shape Boomerang clients expect),
 * time-ordered so that newest-first listings walk an index in order.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private Ids() {}

    /** 6 bytes of milliseconds since the epoch, then 6 random bytes. */
    public static String timeOrdered(Clock clock) {
        long millis = clock.millis();
        byte[] b = new byte[12];
        for (int i = 5; i >= 0; i--) {
            b[i] = (byte) (millis & 0xff);
            millis >>>= 8;
        }
        byte[] r = new byte[6];
        RANDOM.nextBytes(r);
        System.arraycopy(r, 0, b, 6, 6);
        return HEX.formatHex(b);
    }

    /** An unguessable URL-safe token of {@code bytes} random bytes (≥ 32 for secrets). */
    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
