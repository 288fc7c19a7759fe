package io.flowgate.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's static files: ours under the classpath folder {@code /ui/}, front-end libraries from
 * the WebJars on the classpath ({@code META-INF/resources/webjars/}). Read once and kept in memory —
 * they never change while the server runs.
 */
public final class ConsoleAssets {
    /** One static file: its bytes, content type, and an entity tag naming this content (for 304 answers). */
    public record Asset(byte[] bytes, String contentType, String etag) {}

    private static final String OURS = "/ui/";
    private static final String WEBJARS = "/META-INF/resources/webjars/";
    /** Only these WebJars are served: the console's libraries, nothing else that happens to be on the classpath. */
    private static final java.util.List<String> SERVED_WEBJARS = java.util.List.of("swagger-ui/", "uplot/");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json");

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    /** Our own file, e.g. {@code app.js}; empty for anything unknown or outside the folder. */
    public Optional<Asset> ui(String path) {
        return load(OURS, path);
    }

    /** A WebJar file, e.g. {@code uplot/1.6.30/dist/uPlot.iife.min.js}. */
    public Optional<Asset> webjar(String path) {
        if (SERVED_WEBJARS.stream().noneMatch(path::startsWith)) {
            return Optional.empty();
        }
        return load(WEBJARS, path);
    }

    private Optional<Asset> load(String root, String path) {
        if (path == null || path.isEmpty() || path.contains("..") || path.contains("\\") || path.startsWith("/")
                || type(path) == null) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(root + path, ConsoleAssets::read);
    }

    private static Optional<Asset> read(String resource) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Asset(bytes, type(resource), etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + java.util.HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String type(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
