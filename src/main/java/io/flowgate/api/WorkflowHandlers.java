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
import java.util.function.Function;

/** Workflows: save (new revision), validate, list, get, replace, delete, revisions. */
final class WorkflowHandlers {
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 500;

    private final WorkflowStore store;
    private final Function<WorkflowSummary, ObjectNode> lastRun;
    private final DefinitionParser parser;
    private final WorkflowLookup lookup;
    private final WorkflowDocuments docs;
    private final RequestBodies bodies;

    /** {@code lastRun}: a workflow's newest execution as a summary document, or null (the list's "last run"). */
    WorkflowHandlers(WorkflowStore store, DefinitionParser parser, WorkflowDocuments docs, RequestBodies bodies,
                     Function<WorkflowSummary, ObjectNode> lastRun) {
        this.lastRun = lastRun;
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

    /**
     * One page of the workflows the key may see, by team then id: {@code q} matches id, name or the hookId
     * of the webhook URL; each item names its trigger kinds and its last run (one page, so a bounded number
     * of look-ups). {@code cursor} is the position to go on from.
     */
    void list(Context ctx) {
        Principal caller = Access.principal(ctx);
        String team = blankToNull(ctx.queryParam("team"));
        String q = blankToNull(ctx.queryParam("q"));
        int limit = limit(ctx.queryParam("limit"));
        int from = cursor(ctx.queryParam("cursor"));
        List<String> teams = team != null ? List.of(team) : caller.allTeams() ? null : caller.teams();
        List<WorkflowSummary> matching = team == null || caller.canSee(team)
                ? store.list(teams).stream().filter(w -> caller.canSee(w.team()))
                        .filter(w -> q == null || matches(w, q)).toList()
                : List.of();
        ArrayNode items = Json.object().arrayNode();
        matching.stream().skip(from).limit(limit).forEach(w -> {
            ObjectNode item = docs.summary(w);
            store.latest(w.team(), w.id()).ifPresent(r -> WorkflowDocuments.triggerKinds(r.definition(), item));
            item.set("lastRun", lastRun.apply(w));
            items.add(item);
        });
        ObjectNode answer = Json.object();
        answer.set("items", items);
        answer.put("next", from + limit < matching.size() ? Integer.toString(from + limit) : null);
        ctx.json(answer);
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_PAGE;
        }
        int n = Params.positiveInt(value, "limit");
        if (n > MAX_PAGE) {
            throw new BadRequestException("invalid_limit", "'limit' may be at most " + MAX_PAGE);
        }
        return n;
    }

    private static int cursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        if (!cursor.matches("\\d{1,9}")) {
            throw new BadRequestException("invalid_cursor", "'cursor' must be a value of 'next' from an earlier page");
        }
        return Integer.parseInt(cursor);
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
        boolean hook = w.hookId() != null && w.hookId().equals(hookIdIn(q));
        return hook || w.id().toLowerCase(Locale.ROOT).contains(needle)
                || w.name() != null && w.name().toLowerCase(Locale.ROOT).contains(needle);
    }

    /** A hookId is matched whole: the text itself, or the segment after "/hooks/" in a pasted hook URL. */
    private static String hookIdIn(String q) {
        int at = q.indexOf("/hooks/");
        if (at < 0) {
            return q;
        }
        String rest = q.substring(at + "/hooks/".length());
        int end = rest.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(stop);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return rest.substring(0, end);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
