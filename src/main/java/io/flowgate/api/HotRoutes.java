package io.flowgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.auth.ApiKeys;
import io.flowgate.auth.Principal;
import io.flowgate.auth.Role;
import io.flowgate.core.FlowgateException;
import io.flowgate.core.ForbiddenException;
import io.flowgate.core.Ids;
import io.flowgate.core.Json;
import io.flowgate.core.UnauthorizedException;
import io.flowgate.core.Unavailable;
import io.flowgate.engine.Execution;
import io.flowgate.trigger.webhook.InboundRequest;
import io.flowgate.trigger.webhook.WebhookIntake;
import io.flowgate.trigger.webhook.WebhookReply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lean edge: a plain Jetty handler in front of Javalin that answers the hot routes itself — {@code ANY
 * /hooks/{hookId}[/{sub}]}, Boomerang's {@code POST /webhook/payload} and {@code POST
 * /api/v1/workflows/{id}/executions} — skipping the servlet layer, the
 * router and the per-request context Javalin builds (about a third of the server's CPU per run in the profile,
 * docs/benchmarks.md#hot-path-issue-12). It calls the same code as the Javalin routes ({@link ExecutionHandlers},
 * {@link WebhookIntake}, {@link ErrorMapper}'s bodies), so answers, auth, limits and request-log rows are the same.
 *
 * <p>Only the plain case is taken: a declared Content-Length within the limit, no {@code Expect}, no
 * %-escapes in the path, no trailing slash and, for runs, no {@code ?wait=}. Everything else goes on to Javalin
 * unchanged, which keeps every edge case (chunked uploads, 413 draining, 100-continue, path decoding) in one place.
 */
final class HotRoutes extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(HotRoutes.class);
    private static final String HOOKS = "/hooks/";
    /** Boomerang's route (SPEC section 4): the token names the workflow. */
    private static final String PAYLOAD = "/webhook/payload";
    private static final String WORKFLOWS = Routes.API + "/workflows/";
    private static final String EXECUTIONS = "/executions";
    private static final String BEARER = "Bearer ";
    private static final String JSON = "application/json";

    private final ExecutionHandlers executions;
    private final WebhookIntake intake;
    private final ApiKeys keys;
    private final long maxBytes;

    HotRoutes(ExecutionHandlers executions, WebhookIntake intake, ApiKeys keys, long maxBytes) {
        this.executions = executions;
        this.intake = intake;
        this.keys = keys;
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        long length = plainBodyLength(request, path);
        if (length >= 0) {
            if (path.startsWith(HOOKS) && intake != null && Routes.HOOK_METHODS.stream()
                    .anyMatch(m -> m.name().equals(method))) {
                String rest = path.substring(HOOKS.length());
                int slash = rest.indexOf('/');
                String hookId = slash < 0 ? rest : rest.substring(0, slash);
                if (!hookId.isEmpty()) {
                    hook(request, response, callback, hookId, slash < 0 ? "" : rest.substring(slash + 1), length);
                    return true;
                }
            } else if ("POST".equals(method) && PAYLOAD.equals(path) && intake != null) {
                payload(request, response, callback, length);
                return true;
            } else if ("POST".equals(method) && path.startsWith(WORKFLOWS) && path.endsWith(EXECUTIONS)) {
                String id = path.substring(WORKFLOWS.length(), path.length() - EXECUTIONS.length());
                Map<String, List<String>> query = HookHandlers.query(request.getHttpURI().getQuery());
                if (!id.isEmpty() && id.indexOf('/') < 0 && !query.containsKey("wait")) {
                    start(request, response, callback, id, query, length);
                    return true;
                }
            }
        }
        return super.handle(request, response, callback);
    }

    /** The declared body length when this request is a plain one the lean edge takes; -1 to leave it to Javalin. */
    private long plainBodyLength(Request request, String path) {
        if (path == null || path.indexOf('%') >= 0 || path.endsWith("/") || path.contains("//")) {
            return -1;
        }
        var headers = request.getHeaders();
        if (headers.contains(HttpHeader.EXPECT) || headers.contains(HttpHeader.TRANSFER_ENCODING)) {
            return -1;
        }
        long length = headers.getLongField(HttpHeader.CONTENT_LENGTH);
        if (length < 0) {
            length = 0; // no body at all (a GET): nothing declared and nothing chunked
        }
        return length <= maxBytes ? length : -1;
    }

    private void start(Request request, Response response, Callback callback, String workflowId,
                       Map<String, List<String>> query, long length) {
        try {
            byte[] body = read(request, length); // read first: an exchange that leaves content unread is aborted
            Principal caller = authenticate(request);
            if (!caller.has(Role.OPERATOR)) {
                throw new ForbiddenException("This action needs the " + Role.OPERATOR.wire() + " role; the key has "
                        + caller.role().wire());
            }
            Execution started = executions.start(caller, workflowId, first(query, "team"), first(query, "revision"),
                    () -> { }, () -> object(body));
            response.getHeaders().put("Location", ExecutionHandlers.location(started));
            send(response, callback, 202, JSON, Json.write(ExecutionHandlers.accepted(started))
                    .getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            fail(request, response, callback, e);
        }
    }

    private void hook(Request request, Response response, Callback callback, String hookId, String sub,
                      long length) {
        answer(request, response, callback, length, sub, inbound -> intake.hook(hookId, inbound));
    }

    private void payload(Request request, Response response, Callback callback, long length) {
        answer(request, response, callback, length, "", intake::payload);
    }

    /** What the intake decides for one request; the same stages and request-log rows as the Javalin route. */
    @FunctionalInterface
    private interface Intake {
        WebhookReply decide(InboundRequest inbound) throws InterruptedException;
    }

    /** As {@link HookHandlers#inbound} and {@link HookHandlers#write}, on Jetty's own request and response. */
    private void answer(Request request, Response response, Callback callback, long length, String sub,
                        Intake decide) {
        try {
            byte[] body = read(request, length);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (HttpField f : request.getHeaders()) {
                headers.computeIfAbsent(f.getLowerCaseName(), k -> new ArrayList<>()).add(f.getValue());
            }
            InboundRequest inbound = new InboundRequest(request.getMethod(), request.getHttpURI().getPath(), sub,
                    HookHandlers.query(request.getHttpURI().getQuery()), headers, body,
                    request.getHeaders().get(HttpHeader.CONTENT_TYPE));
            WebhookReply reply = decide.decide(inbound);
            reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
            if (reply.body() == null) {
                send(response, callback, reply.status(), null, null);
            } else {
                send(response, callback, reply.status(), reply.contentType(), reply.body().isTextual()
                        ? reply.body().asText().getBytes(StandardCharsets.UTF_8)
                        : Json.MAPPER.writeValueAsBytes(reply.body()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(request, response, callback, e);
        } catch (Exception e) {
            fail(request, response, callback, e);
        }
    }

    private static byte[] read(Request request, long length) throws IOException {
        if (length == 0) {
            return new byte[0];
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            return in.readNBytes((int) length);
        }
    }

    private Principal authenticate(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("An API key is required (Authorization: Bearer <key>)", "Bearer");
        }
        return keys.authenticate(header.substring(BEARER.length()).trim())
                .orElseThrow(() -> new UnauthorizedException("The API key is not valid", "Bearer"));
    }

    /** As {@link RequestBodies#object}: an empty body is an empty object. */
    private static JsonNode object(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return Json.object();
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw RequestBodies.invalidJson(e);
        }
        if (!node.isObject()) {
            throw new io.flowgate.core.BadRequestException("invalid_body", "The request body must be a JSON object");
        }
        return node;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The same answers as {@link ErrorMapper}: its status and body for our exceptions, a referenced 500 otherwise. */
    private static void fail(Request request, Response response, Callback callback, Exception e) {
        int status;
        ObjectNode body;
        if (e instanceof FlowgateException f) {
            if (f instanceof UnauthorizedException u && u.challenge() != null) {
                response.getHeaders().put("WWW-Authenticate", u.challenge());
            }
            LOG.debug("{} {} -> {} {}", request.getMethod(), request.getHttpURI().getPath(), f.code(), f.getMessage());
            status = ErrorMapper.status(f);
            body = ErrorMapper.body(f.code(), f.getMessage(), f.details());
        } else if (e instanceof Unavailable u && u.unavailable()) {
            String ref = Ids.random(6);
            LOG.warn("Store unavailable on {} {} (ref {}): {}", request.getMethod(), request.getHttpURI().getPath(),
                    ref, e.getMessage());
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Unavailable.retryAfterSeconds());
            status = 503;
            body = ErrorMapper.unavailableBody(ref);
        } else {
            String ref = Ids.random(6);
            LOG.error("Unexpected error on {} {} (ref {})", request.getMethod(), request.getHttpURI().getPath(), ref, e);
            status = 500;
            body = ErrorMapper.body("internal_error", "An unexpected error occurred; see the server log (ref " + ref
                    + ")", Map.of("ref", ref));
        }
        send(response, callback, status, JSON, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        if (body == null) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
            response.write(true, null, callback);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
