package io.flowgate.trigger.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 request signatures over the raw body, in the three schemes of
 * docs/triggers.md#authentication-auth. Each check tries every live secret (rotation) and compares in
 * constant time; any malformed header is simply "not verified", never an exception, so callers answer one
 * uniform 401.
 */
public final class Signatures {
    public static final String STANDARD = "standard-webhooks";
    public static final String GITHUB = "github";
    public static final String STRIPE = "stripe";
    private static final String WHSEC = "whsec_";
    private static final HexFormat HEX = HexFormat.of();

    private Signatures() {}

    /** {@code headers}: lower-cased names, first values. */
    public static boolean verify(String scheme, List<String> secrets, Map<String, String> headers, byte[] body,
                                 Instant now, Duration tolerance) {
        for (String secret : secrets) {
            boolean ok = switch (scheme) {
                case STANDARD -> standard(secret, headers, body, now, tolerance);
                case GITHUB -> github(secret, headers.get("x-hub-signature-256"), body);
                case STRIPE -> stripe(secret, headers.get("stripe-signature"), body, now, tolerance);
                default -> false;
            };
            if (ok) {
                return true;
            }
        }
        return false;
    }

    /** {@code webhook-signature: v1,<base64>} (space-separated list) over {@code id.timestamp.body}. */
    static boolean standard(String secret, Map<String, String> headers, byte[] body, Instant now, Duration tolerance) {
        String id = headers.get("webhook-id");
        String timestamp = headers.get("webhook-timestamp");
        String signatures = headers.get("webhook-signature");
        if (id == null || timestamp == null || signatures == null || !withinTolerance(timestamp, now, tolerance)) {
            return false;
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.startsWith(WHSEC) ? secret.substring(WHSEC.length()) : secret);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = Base64.getEncoder().encode(hmac(key, concat(id + "." + timestamp + ".", body)));
        for (String candidate : signatures.trim().split(" +")) {
            if (candidate.startsWith("v1,")
                    && MessageDigest.isEqual(expected, candidate.substring(3).getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    /** {@code X-Hub-Signature-256: sha256=<hex>} over the body. */
    static boolean github(String secret, String header, byte[] body) {
        if (header == null || !header.startsWith("sha256=")) {
            return false;
        }
        byte[] expected = HEX.formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body))
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, header.substring(7).toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=…]} over {@code t.body}; the secret string is the key. */
    static boolean stripe(String secret, String header, byte[] body, Instant now, Duration tolerance) {
        if (header == null) {
            return false;
        }
        String t = null;
        java.util.List<String> v1 = new java.util.ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String k = part.substring(0, eq).trim();
            String v = part.substring(eq + 1).trim();
            if (k.equals("t")) {
                t = v;
            } else if (k.equals("v1")) {
                v1.add(v);
            }
        }
        if (t == null || v1.isEmpty() || !withinTolerance(t, now, tolerance)) {
            return false;
        }
        byte[] expected = HEX.formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), concat(t + ".", body)))
                .getBytes(StandardCharsets.US_ASCII);
        for (String candidate : v1) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    private static boolean withinTolerance(String unixSeconds, Instant now, Duration tolerance) {
        if (unixSeconds.isEmpty() || unixSeconds.length() > 12 || !unixSeconds.chars().allMatch(Character::isDigit)) {
            return false;
        }
        long at = Long.parseLong(unixSeconds);
        return Math.abs(now.getEpochSecond() - at) <= tolerance.toSeconds();
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }

    private static byte[] concat(String prefix, byte[] body) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[p.length + body.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(body, 0, out, p.length, body.length);
        return out;
    }
}
