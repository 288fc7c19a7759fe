package io.flowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The CLI's side of the management API: JDK HttpClient, bearer key, JSON. Failures become a
 * {@link CliFailure} whose first line says what to do (start the server, fix the key, …) and
 * whose further lines list the server's problems.
 */
public final class ApiClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** One answer of the server; {@code json} is null when the body is empty or not JSON. */
    public record Response(int status, JsonNode json, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final String server;
    private final String apiKey;
    private final String keySource;
    private final HttpClient http;

    /** @param keySource where the key came from, named in the message when the server refuses it */
    public ApiClient(String server, String apiKey, String keySource) {
        this.server = stripSlash(server);
        this.apiKey = apiKey;
        this.keySource = keySource;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    public String server() {
        return server;
    }

    public JsonNode get(String path) {
        return orThrow(send("GET", path, null, null)).json();
    }

    public JsonNode postJson(String path, Object body) {
        return orThrow(send("POST", path, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8)))
                .json();
    }

    public void delete(String path) {
        orThrow(send("DELETE", path, null, null));
    }

    /** Sends a request and returns any HTTP answer; only an unreachable server throws. */
    public Response send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = request(path).timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), parse(response.body()), response.body());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.of("interrupted while waiting for " + server);
        }
    }

    /**
     * Follows a Server-Sent Events stream, handing each event's JSON data to {@code onEvent}, and
     * returns when the server closes it. An HTTP error answer throws like any other request.
     */
    public void stream(String path, Consumer<JsonNode> onEvent) {
        HttpRequest request = request(path).header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            if (isConnectFailure(e)) {
                throw unreachable(e);
            }
            throw new StreamBroken(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.of("interrupted while waiting for " + server);
        }
        try (InputStream in = response.body();
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            if (response.statusCode() >= 300) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                orThrow(new Response(response.statusCode(), parse(body), body));
            }
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        JsonNode event = parse(data.toString());
                        if (event != null) {
                            onEvent.accept(event);
                        }
                        data.setLength(0);
                    }
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
            }
        } catch (IOException e) {
            throw new StreamBroken(e);
        }
    }

    /** The stream was cut after it had started; callers may fall back to polling. */
    static final class StreamBroken extends RuntimeException {
        StreamBroken(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Returns the response when it is a 2xx, else throws a {@link CliFailure} describing it. */
    public Response orThrow(Response response) {
        if (response.ok()) {
            return response;
        }
        throw new CliFailure(errorLines(response), FlowgateCli.EXIT_FAILURE, response.status());
    }

    /** {@code error: <msg> (<code>)} and one indented line per problem. */
    public List<String> errorLines(Response response) {
        JsonNode json = response.json();
        String msg = json != null && json.hasNonNull("msg") ? json.get("msg").asText() : null;
        String code = json != null && json.hasNonNull("code") ? json.get("code").asText() : null;
        List<String> lines = new ArrayList<>();
        if (response.status() == 401) {
            lines.add("error: the API key was refused (" + (msg != null ? stripDot(msg) + "; " : "")
                    + "key from " + keySource + ")");
            return lines;
        }
        if (msg == null) {
            String excerpt = response.body() == null ? "" : response.body().strip();
            lines.add("error: the server answered HTTP " + response.status()
                    + (excerpt.isEmpty() ? "" : ": " + (excerpt.length() > 200 ? excerpt.substring(0, 200) : excerpt)));
            return lines;
        }
        lines.add("error: " + msg + (code != null ? " (" + code + ")" : ""));
        for (JsonNode problem : json.path("problems")) {
            lines.add("  " + problem.path("path").asText() + ": " + problem.path("message").asText());
        }
        return lines;
    }

    /** {@code /base?k=v&…} with null or blank values left out and everything encoded. */
    public static String path(String base, Map<String, ?> query) {
        StringBuilder sb = new StringBuilder(base);
        char sep = '?';
        for (var e : new LinkedHashMap<>(query).entrySet()) {
            if (e.getValue() == null || e.getValue().toString().isBlank()) {
                continue;
            }
            sb.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue().toString()));
            sep = '&';
        }
        return sb.toString();
    }

    /** One path segment, percent-encoded (an id may hold characters a URL path cannot). */
    public static String segment(String value) {
        return encode(value).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path)).header("Accept", "application/json");
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b;
    }

    private CliFailure unreachable(IOException e) {
        if (isConnectFailure(e)) {
            return CliFailure.of("cannot reach Flowgate at " + server + " — is it running? (./flowgate serve)");
        }
        return CliFailure.of("request to " + server + " failed: "
                + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
    }

    private static boolean isConnectFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
                    || t instanceof java.nio.channels.UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
