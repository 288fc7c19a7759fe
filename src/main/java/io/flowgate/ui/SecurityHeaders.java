package io.flowgate.ui;

import java.util.Map;

/**
 * Headers on every console page: a strict Content-Security-Policy (scripts and styles only from this
 * server, no inline script, no inline style attributes, no framing), no MIME sniffing, no referrer.
 * Styles set through the DOM's style properties (progress bars, charts) are not inline attributes and
 * stay allowed.
 */
public final class SecurityHeaders {
    public static final String CONSOLE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    public static final Map<String, String> CONSOLE = Map.of(
            "Content-Security-Policy", CONSOLE_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY",
            "Cache-Control", "no-cache");

    private SecurityHeaders() {}
}
