package io.flowgate.api;

import io.flowgate.auth.ApiKeys;
import io.flowgate.auth.Principal;
import io.flowgate.auth.Role;
import io.flowgate.core.ForbiddenException;
import io.flowgate.core.UnauthorizedException;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** Authentication of /api/v1 requests by bearer API key, and the role check each route declares. */
final class Access {
    private static final String PRINCIPAL = "flowgate.principal";
    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;

    Access(ApiKeys keys) {
        this.keys = keys;
    }

    /** Before-handler: every /api/v1 route except the public ones needs a live key. */
    void authenticate(Context ctx) {
        if (Routes.isPublic(ctx.path())) {
            return;
        }
        String header = ctx.header("Authorization");
        if (EventHandlers.isEventIntake(ctx.method().name(), ctx.path()) && header != null
                && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && header.substring(BEARER.length()).trim().startsWith(EventHandlers.tokenPrefix())) {
            return; // a workflow token, checked by the event intake itself
        }
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("An API key is required (Authorization: Bearer <key>)", "Bearer");
        }
        Principal principal = keys.authenticate(header.substring(BEARER.length()).trim())
                .orElseThrow(() -> new UnauthorizedException("The API key is not valid", "Bearer"));
        ctx.attribute(PRINCIPAL, principal);
    }

    /** Wraps a handler so that it only runs for a caller holding {@code role} (or a higher one). */
    static Handler require(Role role, Handler handler) {
        return ctx -> {
            Principal p = principal(ctx);
            if (!p.has(role)) {
                throw new ForbiddenException("This action needs the " + role.wire() + " role; the key has "
                        + p.role().wire());
            }
            handler.handle(ctx);
        };
    }

    /** The caller's key, or null when the request came with a workflow token instead (event intake). */
    static Principal optionalPrincipal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    /** The bearer credential as sent. */
    static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        return header == null || header.length() <= BEARER.length() ? null : header.substring(BEARER.length()).trim();
    }

    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw new UnauthorizedException("An API key is required (Authorization: Bearer <key>)", "Bearer");
        }
        return p;
    }
}
