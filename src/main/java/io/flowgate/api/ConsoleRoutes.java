package io.flowgate.api;

import io.flowgate.core.BadRequestException;
import io.flowgate.core.NotFoundException;
import io.flowgate.trigger.webhook.WebhookForm;
import io.flowgate.trigger.webhook.WebhookIntake;
import io.flowgate.trigger.webhook.WebhookReply;
import io.flowgate.ui.ConsoleAssets;
import io.flowgate.ui.FormPage;
import io.flowgate.ui.SecurityHeaders;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.BadMessageException;

/**
 * The web console's routes: {@code /} (the console), its assets under {@code /ui/} and {@code /webjars/},
 * the API explorer at {@code /api/docs}, and public forms at {@code /forms/{hookId}}. Every answer carries
 * the console's security headers (a strict Content-Security-Policy). None needs a key: the console signs
 * in with an API key held in the browser's session storage and sends it on each API call.
 */
final class ConsoleRoutes {
    private final ConsoleAssets assets = new ConsoleAssets();
    private final WebhookIntake intake;
    private final RequestBodies bodies;

    ConsoleRoutes(WebhookIntake intake, RequestBodies bodies) {
        this.intake = intake;
        this.bodies = bodies;
    }

    /** Registers the console's routes; returns them as declared (none needs a key). */
    List<DeclaredRoute> install(RoutesConfig routes) {
        List<DeclaredRoute> declared = new ArrayList<>();
        java.util.function.BiConsumer<HandlerType, String> add = (m, p) -> declared.add(
                new DeclaredRoute(m.name(), p.replace('<', '{').replace('>', '}'), null));
        routes.addHttpHandler(HandlerType.GET, "/", ctx -> page(ctx, "index.html"));
        add.accept(HandlerType.GET, "/");
        routes.addHttpHandler(HandlerType.GET, "/api/docs", ctx -> page(ctx, "api-docs.html"));
        add.accept(HandlerType.GET, "/api/docs");
        routes.addHttpHandler(HandlerType.GET, "/ui/<path>", ctx -> send(ctx, assets.ui(ctx.pathParam("path"))));
        add.accept(HandlerType.GET, "/ui/<path>");
        routes.addHttpHandler(HandlerType.GET, "/webjars/<path>", ctx -> {
            send(ctx, assets.webjar(ctx.pathParam("path")));
            // A WebJar path names its version, so its content never changes: browsers may keep it.
            ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        });
        add.accept(HandlerType.GET, "/webjars/<path>");
        routes.addHttpHandler(HandlerType.GET, "/forms/{hookId}", this::form);
        add.accept(HandlerType.GET, "/forms/{hookId}");
        routes.addHttpHandler(HandlerType.POST, "/forms/{hookId}", this::submit);
        add.accept(HandlerType.POST, "/forms/{hookId}");
        return List.copyOf(declared);
    }

    private void page(Context ctx, String file) {
        send(ctx, assets.ui(file));
    }

    private static void send(Context ctx, java.util.Optional<ConsoleAssets.Asset> asset) {
        ConsoleAssets.Asset a = asset.orElseThrow(() -> new NotFoundException("file", ctx.path()));
        secure(ctx);
        ctx.header("ETag", a.etag());
        if (a.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(a.contentType()).result(a.bytes());
    }

    private void form(Context ctx) {
        WebhookForm form = formOf(ctx.pathParam("hookId"));
        secure(ctx);
        ctx.contentType("text/html; charset=utf-8").result(FormPage.form(form, ctx.path()));
    }

    private void submit(Context ctx) throws Exception {
        String hookId = ctx.pathParam("hookId");
        WebhookForm form = formOf(hookId);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        submittedFields(ctx).forEach((k, v) -> fields.put(k, new ArrayList<>(v)));
        WebhookReply reply = intake.submitForm(hookId, fields, HookHandlers.inbound(ctx, "", bodies));
        secure(ctx);
        ctx.status(reply.status()).contentType("text/html; charset=utf-8")
                .result(FormPage.reply(form.title(), reply.status(), reply.body()));
    }

    /**
     * The submitted fields. A body Jetty cannot read as a form (a multipart body without its boundary, or broken) is
     * the sender's fault: a 400, not the 500 it was (found by HttpRouteFuzzTest).
     */
    private static Map<String, List<String>> submittedFields(Context ctx) throws Exception {
        try {
            return ctx.formParamMap();
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BadMessageException) {
                    throw new BadRequestException("invalid_form", "The form body cannot be read: " + t.getMessage());
                }
            }
            throw e;
        }
    }

    private WebhookForm formOf(String hookId) {
        if (intake == null) {
            throw new NotFoundException("form", hookId);
        }
        return intake.form(hookId).orElseThrow(() -> new NotFoundException("form", hookId));
    }

    private static void secure(Context ctx) {
        SecurityHeaders.CONSOLE.forEach(ctx::header);
    }
}
