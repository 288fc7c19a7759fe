package io.flowgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.auth.ApiKeys;
import io.flowgate.auth.InMemoryApiKeyStore;
import io.flowgate.auth.Role;
import io.flowgate.config.Config;
import io.flowgate.core.Json;
import io.flowgate.core.SettableClock;
import io.flowgate.secrets.InMemorySecretStore;
import io.flowgate.secrets.SecretCipher;
import io.flowgate.secrets.SecretService;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** The API server on port 0 over in-memory fakes, with one key per role and a small HTTP client. */
final class ApiTestServer implements AutoCloseable {
    static final long MAX_BODY = 4096;

    /** Stands still unless a test moves it, so times and time-ordered ids are the test's to decide. */
    final SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    final InMemoryWorkflowStore workflows = new InMemoryWorkflowStore(clock);
    final InMemoryExecutions executions = new InMemoryExecutions(workflows, clock);
    final InMemorySecretStore secretStore = new InMemorySecretStore(clock);
    final SecretService secrets = new SecretService(secretStore, new SecretCipher(new byte[32]), clock);
    final ApiKeys keys = new ApiKeys(new InMemoryApiKeyStore(), clock);
    final AtomicBoolean ready = new AtomicBoolean(true);
    final String admin = keys.create("admin", Role.ADMIN, List.of()).key();
    final String editor = keys.create("editor", Role.EDITOR, List.of()).key();
    final String operator = keys.create("operator", Role.OPERATOR, List.of()).key();
    final String viewer = keys.create("viewer", Role.VIEWER, List.of()).key();
    final ApiServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, HttpResponse<String> raw) {
        JsonNode json() {
            return Json.read(raw.body());
        }

        String body() {
            return raw.body();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    ApiTestServer() {
        this(new SimpleDefinitionParser());
    }

    ApiTestServer(DefinitionParser parser) {
        this(parser, Duration.ofMillis(200));
    }

    ApiTestServer(DefinitionParser parser, Duration heartbeat) {
        this(parser, heartbeat, MAX_BODY);
    }

    /** A server whose request bodies may be at most {@code maxBody} bytes. */
    ApiTestServer(long maxBody) {
        this(new SimpleDefinitionParser(), Duration.ofMillis(200), maxBody);
    }

    private ApiTestServer(DefinitionParser parser, Duration heartbeat, long maxBody) {
        Config config = new Config("127.0.0.1", 0, Path.of("target/test-data"), null, Path.of("workflows"), "n1",
                "https://flowgate.example.org/", List.of(), maxBody, Config.DEFAULT_LEASE, 8);
        server = new ApiServer(new ApiDependencies(config, workflows, parser, executions, secrets, keys,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), ready::get, clock), heartbeat);
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    Reply get(String path, String key) {
        return send(request(path, key).GET());
    }

    Reply delete(String path, String key) {
        return send(request(path, key).DELETE());
    }

    Reply post(String path, String key, String contentType, String body) {
        return send(request(path, key).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply postJson(String path, String key, String json) {
        return post(path, key, "application/json", json);
    }

    Reply put(String path, String key, String contentType, String body) {
        return send(request(path, key).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    HttpClient client() {
        return http;
    }

    @Override
    public void close() {
        server.stop();
    }
}
