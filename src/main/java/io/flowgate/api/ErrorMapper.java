package io.flowgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.ConflictException;
import io.flowgate.core.FlowgateException;
import io.flowgate.core.ForbiddenException;
import io.flowgate.core.Ids;
import io.flowgate.core.Json;
import io.flowgate.core.NotFoundException;
import io.flowgate.core.PayloadTooLargeException;
import io.flowgate.core.UnauthorizedException;
import io.flowgate.core.Unavailable;
import io.flowgate.core.ValidationException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place errors become HTTP answers: {@code {"code","msg",...details}} with a fitting
 * status. Client errors are not logged above DEBUG; anything unexpected is a 500 whose body
 * carries only a reference to the server log, never the exception's message (it may hold data).
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    static int status(FlowgateException e) {
        return switch (e) {
            case NotFoundException x -> 404;
            case ValidationException x -> 400;
            case BadRequestException x -> 400;
            case ConflictException x -> 409;
            case UnauthorizedException x -> 401;
            case ForbiddenException x -> 403;
            case PayloadTooLargeException x -> 413;
            default -> 400;
        };
    }

    void flowgate(FlowgateException e, Context ctx) {
        if (e instanceof UnauthorizedException u && u.challenge() != null) {
            ctx.header("WWW-Authenticate", u.challenge());
        }
        LOG.debug("{} {} -> {} {}", ctx.method(), ctx.path(), e.code(), e.getMessage());
        write(ctx, status(e), body(e.code(), e.getMessage(), e.details()));
    }

    void invalidJson(JsonProcessingException e, Context ctx) {
        flowgate(RequestBodies.invalidJson(e), ctx);
    }

    /** Javalin's own answers: no route (404), wrong method (405), body over its limit (413), … */
    void http(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        String code = code(status);
        String msg = switch (status) {
            case 404 -> "No route matches " + ctx.method() + " " + ctx.path();
            case 405 -> "Method " + ctx.method() + " is not allowed on " + ctx.path();
            case 413 -> "The request body is too large";
            default -> e.getMessage();
        };
        write(ctx, status, body(code, msg, Map.of()));
    }

    /** The code of an answer made by the HTTP layer (Javalin's or Jetty's), not by one of our exceptions. */
    static String code(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 400 -> "bad_request";
            default -> status >= 500 ? "internal_error" : "http_" + status;
        };
    }

    void unexpected(Exception e, Context ctx) {
        if (e instanceof Unavailable u && u.unavailable()) {
            String ref = Ids.random(6);
            LOG.warn("Store unavailable on {} {} (ref {}): {}", ctx.method(), ctx.path(), ref, e.getMessage());
            ctx.header("Retry-After", Integer.toString(Unavailable.retryAfterSeconds()));
            write(ctx, 503, unavailableBody(ref));
            return;
        }
        String ref = Ids.random(6);
        LOG.error("Unexpected error on {} {} (ref {})", ctx.method(), ctx.path(), ref, e);
        write(ctx, 500, body("internal_error", "An unexpected error occurred; see the server log (ref " + ref + ")",
                Map.of("ref", ref)));
    }

    /** The 503 body while the node cannot write (SPEC section 7: never a 500 for that). */
    static ObjectNode unavailableBody(String ref) {
        return body("store_unavailable", "The node cannot reach its database at the moment; nothing of this request "
                + "was kept. Retry after " + Unavailable.retryAfterSeconds() + " s (ref " + ref + ")", Map.of("ref", ref));
    }

    static ObjectNode body(String code, String msg, Map<String, Object> details) {
        ObjectNode body = Json.object();
        body.put("code", code);
        body.put("msg", msg);
        details.forEach((k, v) -> {
            if (!k.equals("code") && !k.equals("msg")) {
                body.set(k, Json.valueToTree(v));
            }
        });
        return body;
    }

    private static void write(Context ctx, int status, ObjectNode body) {
        if (status == 413) {
            TooLargeReply.send(ctx, Json.write(body));
            return;
        }
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}
