package io.flowgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.auth.ApiKeys;
import io.flowgate.auth.Role;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.Json;
import io.flowgate.store.ApiKeyStore.StoredKey;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** API keys (admin only): create (the key is shown once), list, revoke. */
final class KeyHandlers {
    private final ApiKeys keys;
    private final RequestBodies bodies;

    KeyHandlers(ApiKeys keys, RequestBodies bodies) {
        this.keys = keys;
        this.bodies = bodies;
    }

    /** {@code GET /api/v1/me}: who the calling key is, so the console shows only what its role allows. */
    void me(Context ctx) {
        io.flowgate.auth.Principal p = Access.principal(ctx);
        ObjectNode answer = Json.object();
        answer.put("name", p.name());
        answer.put("role", p.role().wire());
        answer.put("team", p.teams().isEmpty() ? null : p.teams().getFirst());
        p.teams().forEach(answer.putArray("teams")::add);
        ctx.json(answer);
    }

    void create(Context ctx) {
        JsonNode body = bodies.object(ctx);
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual()) {
            throw new BadRequestException("invalid_name", "A key needs a \"name\"");
        }
        JsonNode role = body.get("role");
        if (role == null || !role.isTextual()) {
            throw new BadRequestException("invalid_role", "Role must be one of admin, editor, operator, viewer");
        }
        ApiKeys.CreatedKey created = keys.create(name.asText(), Role.fromWire(role.asText()), teams(body.get("teams")));
        ObjectNode answer = describe(created.stored());
        answer.remove("revokedAt");
        answer.put("key", created.key());
        ctx.status(201).json(answer);
    }

    void list(Context ctx) {
        ObjectNode answer = Json.object();
        ArrayNode items = answer.putArray("items");
        keys.list().forEach(k -> items.add(describe(k)));
        ctx.json(answer);
    }

    void revoke(Context ctx) {
        keys.revoke(ctx.pathParam("id"));
        ctx.status(204);
    }

    private static ObjectNode describe(StoredKey k) {
        ObjectNode doc = Json.object();
        doc.put("id", k.id());
        doc.put("name", k.name());
        doc.put("role", k.role());
        k.teams().forEach(doc.putArray("teams")::add);
        doc.put("prefix", k.prefix());
        doc.put("createdAt", WorkflowDocuments.iso(k.createdAt()));
        doc.put("revokedAt", WorkflowDocuments.iso(k.revokedAt()));
        return doc;
    }

    private static List<String> teams(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new BadRequestException("invalid_teams", "'teams' must be a list of team names");
        }
        List<String> teams = new ArrayList<>();
        for (JsonNode t : node) {
            if (!t.isTextual()) {
                throw new BadRequestException("invalid_teams", "'teams' must be a list of team names");
            }
            teams.add(t.asText());
        }
        return teams;
    }
}
