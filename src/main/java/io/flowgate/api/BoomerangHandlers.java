package io.flowgate.api;

import io.flowgate.core.NotFoundException;
import io.flowgate.trigger.webhook.WebhookIntake;
import io.javalin.http.Context;

/**
 * Boomerang-compatible endpoints (docs/triggers.md#boomerang-compatible-endpoints): {@code POST /webhook/payload} and
 * {@code GET /webhook/status/{activityId}}, authenticated by a webhook token, not an API key.
 */
final class BoomerangHandlers {
    private final WebhookIntake intake;
    private final RequestBodies bodies;
    private final StatusDocuments docs;

    BoomerangHandlers(WebhookIntake intake, RequestBodies bodies, StatusDocuments docs) {
        this.intake = intake;
        this.bodies = bodies;
        this.docs = docs;
    }

    void payload(Context ctx) throws InterruptedException {
        if (intake == null) {
            throw new NotFoundException("route", ctx.path());
        }
        HookHandlers.write(ctx, intake.payload(HookHandlers.inbound(ctx, "", bodies)));
    }

    void status(Context ctx) {
        if (intake == null) {
            throw new NotFoundException("route", ctx.path());
        }
        ctx.json(docs.full(intake.status(ctx.pathParam("activityId"), HookHandlers.inbound(ctx, "", bodies))));
    }
}
