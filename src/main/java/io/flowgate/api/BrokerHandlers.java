package io.flowgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.broker.Connections;
import io.flowgate.broker.EventSources;
import io.flowgate.broker.SourceStatus;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.ForbiddenException;
import io.flowgate.core.Json;
import io.flowgate.core.NotFoundException;
import io.javalin.http.Context;

/**
 * Broker connections and event sources. Both are shared by every team, so changing them needs a key that is
 * not scoped to teams (as for secrets). A connection's password — and its username — never come out.
 */
final class BrokerHandlers {
    private final Connections connections;
    private final EventSources sources;
    private final RequestBodies bodies;

    /** {@code connections} and {@code sources} null: a server without brokers (API tests over fakes), every call 404. */
    BrokerHandlers(Connections connections, EventSources sources, RequestBodies bodies) {
        this.connections = connections;
        this.sources = sources;
        this.bodies = bodies;
    }

    private Connections connections() {
        if (connections == null) {
            throw new NotFoundException("feature", "broker connections");
        }
        return connections;
    }

    private EventSources sources() {
        if (sources == null) {
            throw new NotFoundException("feature", "event sources");
        }
        return sources;
    }

    void createConnection(Context ctx) {
        requireAllTeams(ctx);
        JsonNode body = bodies.object(ctx);
        for (String field : new String[] {"name", "kind", "url", "username", "password"}) {
            JsonNode v = body.get(field);
            if (v != null && !v.isNull() && !v.isTextual()) {
                throw new BadRequestException("invalid_connection", field + " must be a string");
            }
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!java.util.Set.of("name", "kind", "url", "username", "password").contains(f)) {
                throw new BadRequestException("invalid_connection",
                        f + ": unknown field; allowed: name, kind, url, username, password");
            }
        });
        Connections.Saved saved = connections().save(text(body, "name"), text(body, "kind"), text(body, "url"),
                text(body, "username"), text(body, "password"));
        ctx.status(saved.created() ? 201 : 200).json(connection(saved.info()));
    }

    void listConnections(Context ctx) {
        ObjectNode answer = Json.object();
        ArrayNode items = answer.putArray("items");
        connections().list().forEach(c -> items.add(connection(c)));
        ctx.json(answer);
    }

    void getConnection(Context ctx) {
        ctx.json(connection(connections().get(ctx.pathParam("name"))));
    }

    void deleteConnection(Context ctx) {
        requireAllTeams(ctx);
        connections().delete(ctx.pathParam("name"));
        ctx.status(204);
    }

    void testConnection(Context ctx) {
        Connections.TestResult result = connections().test(ctx.pathParam("name"));
        ObjectNode answer = Json.object();
        answer.put("ok", result.ok());
        if (!result.ok()) {
            answer.put("error", result.error());
        }
        ctx.json(answer);
    }

    void createSource(Context ctx) {
        requireAllTeams(ctx);
        JsonNode body = bodies.object(ctx);
        boolean created = sources().save(body);
        ctx.status(created ? 201 : 200).json(source(sources().get(body.get("name").asText())));
    }

    void listSources(Context ctx) {
        ObjectNode answer = Json.object();
        ArrayNode items = answer.putArray("items");
        sources().list().forEach(s -> items.add(source(s)));
        ctx.json(answer);
    }

    void getSource(Context ctx) {
        ctx.json(source(sources().get(ctx.pathParam("name"))));
    }

    void deleteSource(Context ctx) {
        requireAllTeams(ctx);
        sources().delete(ctx.pathParam("name"));
        ctx.status(204);
    }

    private static ObjectNode connection(Connections.Info c) {
        ObjectNode out = Json.object();
        out.put("name", c.name());
        out.put("kind", c.kind().wire());
        out.put("url", c.url());
        out.put("hasCredentials", c.hasCredentials());
        out.put("createdAt", WorkflowDocuments.iso(c.createdAt()));
        out.put("updatedAt", WorkflowDocuments.iso(c.updatedAt()));
        return out;
    }

    private static ObjectNode source(EventSources.SourceView s) {
        ObjectNode out = s.spec().toJson();
        SourceStatus.View st = s.status();
        out.put("state", st.state().wire());
        if (st.pending() >= 0) {
            out.put("pending", st.pending());
        } else {
            out.putNull("pending");
        }
        out.put("lastMessageAt", st.lastMessageAt() == null ? null : WorkflowDocuments.iso(st.lastMessageAt()));
        out.put("lastError", st.lastError());
        out.put("messages", st.messages());
        out.put("acks", st.acks());
        out.put("errors", st.errors());
        out.put("createdAt", WorkflowDocuments.iso(s.createdAt()));
        out.put("updatedAt", WorkflowDocuments.iso(s.updatedAt()));
        return out;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void requireAllTeams(Context ctx) {
        if (!Access.principal(ctx).allTeams()) {
            throw new ForbiddenException("Connections and event sources are shared by all teams; a key scoped to "
                    + "teams may not change them");
        }
    }

}
