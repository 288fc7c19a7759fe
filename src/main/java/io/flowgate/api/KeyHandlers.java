package io.flowgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.auth.ApiKeys;
import io.flowgate.auth.Principal;
import io.flowgate.auth.Role;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.ForbiddenException;
import io.flowgate.core.NotFoundException;
import io.flowgate.core.Json;
import io.flowgate.store.ApiKeyStore.StoredKey;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * API keys (admin only): create (the key is shown once), list, revoke. An admin key scoped to teams manages only
 * keys scoped to some of its own teams: it may not mint an all-teams key or a key of another team (that would
 * lift it out of its teams), nor see or revoke such keys.
 */
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
        List<String> teams = teams(body.get("teams"));
        Principal caller = Access.principal(ctx);
        if (!within(caller, teams)) {
            throw new ForbiddenException("A key scoped to teams " + caller.teams() + " may only create keys scoped to "
                    + "some of those teams");
        }
        ApiKeys.CreatedKey created = keys.create(name.asText(), Role.fromWire(role.asText()), teams);
        ObjectNode answer = describe(created.stored());
        answer.remove("revokedAt");
        answer.put("key", created.key());
        ctx.status(201).json(answer);
    }

    void list(Context ctx) {
        ObjectNode answer = Json.object();
        ArrayNode items = answer.putArray("items");
        Principal caller = Access.principal(ctx);
        keys.list().stream().filter(k -> within(caller, k.teams())).forEach(k -> items.add(describe(k)));
        ctx.json(answer);
    }

    void revoke(Context ctx) {
        String id = ctx.pathParam("id");
        Principal caller = Access.principal(ctx);
        if (!caller.allTeams() && keys.list().stream().noneMatch(k -> k.id().equals(id) && within(caller, k.teams()))) {
            throw new NotFoundException("api key", id); // another team's key is not shown, so it is not found
        }
        keys.revoke(id);
        ctx.status(204);
    }

    /** Whether a key with {@code teams} (empty: every team) lies within what {@code caller} may manage. */
    private static boolean within(Principal caller, List<String> teams) {
        return caller.allTeams() || !teams.isEmpty() && teams.stream().allMatch(caller::canSee);
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
