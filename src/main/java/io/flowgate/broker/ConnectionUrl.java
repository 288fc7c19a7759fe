package io.flowgate.broker;

import io.flowgate.core.BadRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A connection URL checked against its kind, with any credentials in it ({@code amqp://user:pass@host})
 * moved out: the stored and shown URL never holds a password. A user part without a colon is a NATS token.
 *
 * @param url      the URL without its user part
 * @param username from the URL, or null
 * @param password from the URL (or the token), or null
 */
public record ConnectionUrl(String url, String username, String password) {

    public static ConnectionUrl parse(BrokerKind kind, String text) {
        if (text == null || text.isBlank()) {
            throw invalid("url is required, e.g. " + example(kind));
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw invalid("url is not a valid URL (" + e.getReason() + "), e.g. " + example(kind));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!kind.schemes().contains(scheme)) {
            throw invalid("a " + kind.wire() + " url starts with " + String.join("://, ",
                    new java.util.TreeSet<>(kind.schemes())) + "://, e.g. " + example(kind));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("url names no host, e.g. " + example(kind));
        }
        String username = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                if (kind == BrokerKind.NATS) {
                    password = decode(userInfo);
                } else {
                    username = decode(userInfo);
                }
            } else {
                username = decode(userInfo.substring(0, colon));
                password = decode(userInfo.substring(colon + 1));
            }
        }
        // Rebuilt from the raw parts, so an escaped vhost (%2F) stays escaped.
        String bare = scheme + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new ConnectionUrl(bare, username, password);
    }

    static String example(BrokerKind kind) {
        return switch (kind) {
            case NATS -> "nats://127.0.0.1:4222";
            case AMQP -> "amqp://127.0.0.1:5672/%2F";
            case MQTT -> "mqtt://127.0.0.1:1883";
        };
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static BadRequestException invalid(String message) {
        return new BadRequestException("invalid_connection", message);
    }
}
