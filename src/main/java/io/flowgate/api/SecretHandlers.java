package io.flowgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.ForbiddenException;
import io.flowgate.core.Json;
import io.flowgate.secrets.SecretService;
import io.javalin.http.Context;

/**
 * Secrets: set, list names, delete. Values go in and never come out. Secrets are shared by every
 * team, so changing one needs a key that is not scoped to teams.
 */
final class SecretHandlers {
    private final SecretService secrets;
    private final RequestBodies bodies;

    SecretHandlers(SecretService secrets, RequestBodies bodies) {
        this.secrets = secrets;
        this.bodies = bodies;
    }

    void set(Context ctx) {
        requireAllTeams(ctx);
        JsonNode body = bodies.object(ctx);
        JsonNode name = body.get("name");
        JsonNode value = body.get("value");
        if (name == null || !name.isTextual() || value == null || !value.isTextual()) {
            throw new BadRequestException("invalid_body", "Send {\"name\": \"…\", \"value\": \"…\"} with string values");
        }
        SecretService.Saved saved = secrets.set(name.asText(), value.asText());
        ObjectNode answer = Json.object();
        answer.put("name", saved.name());
        answer.put("createdAt", WorkflowDocuments.iso(saved.createdAt()));
        ctx.status(saved.created() ? 201 : 200).json(answer);
    }

    void list(Context ctx) {
        ObjectNode answer = Json.object();
        ArrayNode items = answer.putArray("items");
        for (SecretService.SecretInfo s : secrets.list()) {
            ObjectNode item = items.addObject();
            item.put("name", s.name());
            item.put("createdAt", WorkflowDocuments.iso(s.createdAt()));
            item.put("updatedAt", WorkflowDocuments.iso(s.updatedAt()));
        }
        ctx.json(answer);
    }

    void delete(Context ctx) {
        requireAllTeams(ctx);
        secrets.delete(ctx.pathParam("name"));
        ctx.status(204);
    }

    private static void requireAllTeams(Context ctx) {
        if (!Access.principal(ctx).allTeams()) {
            throw new ForbiddenException("Secrets are shared by all teams; a key scoped to teams may not change them");
        }
    }
}
