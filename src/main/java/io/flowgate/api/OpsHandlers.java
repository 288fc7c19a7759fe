package io.flowgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.core.Unavailable;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Liveness, readiness, Prometheus metrics, and the OpenAPI document (all without a key). */
final class OpsHandlers {
    static final String OPENAPI_RESOURCE = "/openapi.json";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier ready;
    private final Supplier<Optional<String>> storeTrouble;
    private final byte[] openApi;

    OpsHandlers(PrometheusMeterRegistry registry, BooleanSupplier ready, Supplier<Optional<String>> storeTrouble) {
        this.registry = registry;
        this.ready = ready;
        this.storeTrouble = storeTrouble;
        this.openApi = openApiDocument();
    }

    void health(Context ctx) {
        ctx.contentType("application/json").result("{\"status\":\"ok\"}");
    }

    /** Ready once started, and while the node can write: a load balancer should send nothing to a full disk. */
    void readiness(Context ctx) {
        Optional<String> trouble = ready.getAsBoolean() ? storeTrouble.get() : Optional.empty();
        if (trouble.isPresent()) {
            ObjectNode body = Json.object();
            body.put("status", "unavailable");
            body.put("reason", trouble.get());
            ctx.status(503).header("Retry-After", Integer.toString(Unavailable.retryAfterSeconds()))
                    .contentType("application/json").result(Json.write(body));
        } else if (ready.getAsBoolean()) {
            ctx.contentType("application/json").result("{\"status\":\"ready\"}");
        } else {
            ctx.status(503).contentType("application/json").result("{\"status\":\"starting\"}");
        }
    }

    void metrics(Context ctx) {
        ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape());
    }

    void openApi(Context ctx) {
        ctx.contentType("application/json").result(openApi);
    }

    static byte[] openApiDocument() {
        try (InputStream in = OpsHandlers.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The resource " + OPENAPI_RESOURCE + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
