package io.flowgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.auth.Principal;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.ForbiddenException;
import io.flowgate.core.Json;
import io.flowgate.core.NotFoundException;
import io.flowgate.core.ValidationException;
import io.flowgate.store.WorkflowStore;
import io.flowgate.workflow.WorkflowDefinition;
import io.flowgate.workflow.WorkflowRevision;
import io.flowgate.workflow.WorkflowSummary;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Workflows: save (new revision), validate, list, get, replace, delete, revisions. */
final class WorkflowHandlers {
    private final WorkflowStore store;
    private final DefinitionParser parser;
    private final WorkflowLookup lookup;
    private final WorkflowDocuments docs;
    private final RequestBodies bodies;

    WorkflowHandlers(WorkflowStore store, DefinitionParser parser, WorkflowDocuments docs, RequestBodies bodies) {
        this.store = store;
        this.parser = parser;
        this.lookup = new WorkflowLookup(store);
        this.docs = docs;
        this.bodies = bodies;
    }

    void create(Context ctx) {
        String text = document(ctx);
        WorkflowDefinition def = parser.parse(ctx.contentType(), text);
        WorkflowStore.Saved saved = save(Access.principal(ctx), def, text);
        ctx.status(saved.created() ? 201 : 200).json(docs.workflow(saved.summary(), def));
    }

    void validate(Context ctx) {
        String text = document(ctx);
        ObjectNode answer = Json.object();
        try {
            parser.parse(ctx.contentType(), text);
            answer.put("valid", true);
        } catch (ValidationException e) {
            answer.put("valid", false);
            answer.set("problems", Json.valueToTree(e.problems()));
        }
        ctx.json(answer);
    }

    void list(Context ctx) {
        Principal caller = Access.principal(ctx);
        String team = blankToNull(ctx.queryParam("team"));
        String q = blankToNull(ctx.queryParam("q"));
        List<String> teams = team != null ? List.of(team) : caller.allTeams() ? null : caller.teams();
        ArrayNode items = Json.object().arrayNode();
        if (team == null || caller.canSee(team)) {
            store.list(teams).stream()
                    .filter(w -> caller.canSee(w.team()))
                    .filter(w -> q == null || matches(w, q))
                    .forEach(w -> items.add(docs.summary(w)));
        }
        ObjectNode answer = Json.object();
        answer.set("items", items);
        ctx.json(answer);
    }

    void get(Context ctx) {
        WorkflowSummary w = resolve(ctx);
        WorkflowRevision latest = store.latest(w.team(), w.id())
                .orElseThrow(() -> new NotFoundException("workflow", w.id()));
        ctx.json(docs.workflow(w, latest.definition()));
    }

    void replace(Context ctx) {
        WorkflowSummary w = resolve(ctx);
        String text = WorkflowSources.withIdentity(ctx.contentType(), document(ctx), w.id(),
                WorkflowDefinition.DEFAULT_TEAM.equals(w.team()) ? null : w.team());
        WorkflowDefinition def = parser.parse(ctx.contentType(), text);
        if (!w.id().equals(def.id())) {
            throw new BadRequestException("id_mismatch",
                    "The document's id '" + def.id() + "' differs from the route's '" + w.id() + "'");
        }
        if (!w.team().equals(teamOf(def))) {
            throw new BadRequestException("team_mismatch",
                    "The document's team '" + teamOf(def) + "' differs from the workflow's team '" + w.team() + "'");
        }
        WorkflowStore.Saved saved = save(Access.principal(ctx), def, text);
        ctx.status(200).json(docs.workflow(saved.summary(), def));
    }

    void delete(Context ctx) {
        WorkflowSummary w = resolve(ctx);
        if (!store.delete(w.team(), w.id())) {
            throw new NotFoundException("workflow", w.id());
        }
        ctx.status(204);
    }

    void revisions(Context ctx) {
        WorkflowSummary w = resolve(ctx);
        ArrayNode items = Json.object().arrayNode();
        store.revisions(w.team(), w.id()).stream()
                .sorted(Comparator.comparingInt(WorkflowRevision::revision).reversed())
                .forEach(r -> items.add(docs.revisionEntry(r)));
        ObjectNode answer = Json.object();
        answer.set("items", items);
        ctx.json(answer);
    }

    void revision(Context ctx) {
        WorkflowSummary w = resolve(ctx);
        int n = Params.positiveInt(ctx.pathParam("n"), "revision");
        WorkflowRevision r = store.revision(w.team(), w.id(), n)
                .orElseThrow(() -> new NotFoundException("revision", w.id() + "@" + n));
        ctx.json(docs.revision(r));
    }

    private WorkflowSummary resolve(Context ctx) {
        return lookup.resolve(Access.principal(ctx), ctx.pathParam("id"), blankToNull(ctx.queryParam("team")));
    }

    private WorkflowStore.Saved save(Principal caller, WorkflowDefinition def, String source) {
        String team = teamOf(def);
        if (!caller.canSee(team)) {
            throw new ForbiddenException("The key may not write workflows of team '" + team + "'");
        }
        return store.save(def, source);
    }

    private String document(Context ctx) {
        String text = bodies.text(ctx);
        if (text.isBlank()) {
            throw new BadRequestException("empty_body", "Send the workflow definition as YAML or JSON in the body");
        }
        return text;
    }

    private static String teamOf(WorkflowDefinition def) {
        return def.team() == null || def.team().isBlank() ? WorkflowDefinition.DEFAULT_TEAM : def.team();
    }

    private static boolean matches(WorkflowSummary w, String q) {
        String needle = q.toLowerCase(Locale.ROOT);
        return w.id().toLowerCase(Locale.ROOT).contains(needle)
                || w.name() != null && w.name().toLowerCase(Locale.ROOT).contains(needle);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
