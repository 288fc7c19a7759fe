package io.flowgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.auth.Principal;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.ConflictException;
import io.flowgate.core.Json;
import io.flowgate.core.NotFoundException;
import io.flowgate.core.Page;
import io.flowgate.core.TriggerKind;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionQuery;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.Executions.ExecutionView;
import io.flowgate.engine.Executions;
import io.flowgate.workflow.WorkflowSummary;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;

/** Executions: start (optionally waiting), get, list, cancel, retry. The stream is {@link ExecutionStream}. */
final class ExecutionHandlers {
    /** The longest a caller may hold a request open with {@code ?wait=}. */
    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private final Executions executions;
    private final WorkflowLookup lookup;
    private final StatusDocuments docs;
    private final RequestBodies bodies;

    ExecutionHandlers(Executions executions, WorkflowLookup lookup, StatusDocuments docs, RequestBodies bodies) {
        this.executions = executions;
        this.lookup = lookup;
        this.docs = docs;
        this.bodies = bodies;
    }

    void start(Context ctx) throws InterruptedException {
        Principal caller = Access.principal(ctx);
        String waitParam = ctx.queryParam("wait");
        Duration[] wait = new Duration[1];
        Execution started = start(caller, ctx.pathParam("id"), ctx.queryParam("team"), ctx.queryParam("revision"),
                () -> wait[0] = waitParam == null || waitParam.isBlank() ? null : Params.duration(waitParam, "wait"),
                () -> bodies.object(ctx));
        if (wait[0] != null) {
            ExecutionView view = executions.await(started.id(), wait[0].compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait[0]);
            if (view.execution().status().terminal()) {
                ctx.status(200).json(docs.full(view));
                return;
            }
        }
        ctx.status(202).header("Location", location(started)).json(accepted(started));
    }

    /** A run started by {@code caller}, without HTTP types: shared by this route and the lean edge ({@link HotRoutes}). */
    Execution start(Principal caller, String workflowId, String teamParam, String revisionParam, Runnable moreChecks,
                    java.util.function.Supplier<JsonNode> body) {
        WorkflowSummary w = lookup.resolve(caller, workflowId, WorkflowHandlers.blankToNull(teamParam));
        Integer revision = Params.optionalPositiveInt(revisionParam, "revision");
        moreChecks.run(); // in the order of the checks before: workflow, revision, the caller's own, then the body
        JsonNode inputs = body.get().get("inputs");
        if (inputs != null && !inputs.isNull() && !inputs.isObject()) {
            throw new BadRequestException("invalid_inputs", "'inputs' must be a JSON object");
        }
        ObjectNode triggerData = Json.object();
        triggerData.put("by", caller.name());
        // The lookup above just read the workflow: naming its team and revision saves the engine a second read.
        return executions.startWith(w.team(), w.id(), revision == null ? w.latestRevision() : revision,
                TriggerKind.MANUAL, triggerData, inputs == null || inputs.isNull() ? Json.object() : inputs, List.of())
                .orElseThrow();
    }

    static String location(Execution started) {
        return "/api/v1/executions/" + started.id();
    }

    static ObjectNode accepted(Execution started) {
        ObjectNode accepted = Json.object();
        accepted.put("activityId", started.id());
        return accepted;
    }

    void get(Context ctx) {
        ctx.json(docs.full(view(ctx)));
    }

    void list(Context ctx) {
        Principal caller = Access.principal(ctx);
        String team = WorkflowHandlers.blankToNull(ctx.queryParam("team"));
        if (team != null && !caller.canSee(team)) {
            ctx.json(page(new Page<>(List.of(), null)));
            return;
        }
        if (team == null && caller.teams().size() == 1) {
            team = caller.teams().getFirst();
        }
        ExecutionQuery query = new ExecutionQuery(
                team,
                WorkflowHandlers.blankToNull(ctx.queryParam("workflowId")),
                status(ctx.queryParam("status")),
                trigger(ctx.queryParam("trigger")),
                Params.instant(ctx.queryParam("from"), "from"),
                Params.instant(ctx.queryParam("to"), "to"),
                WorkflowHandlers.blankToNull(ctx.queryParam("id")),
                limit(ctx.queryParam("limit")),
                WorkflowHandlers.blankToNull(ctx.queryParam("cursor")));
        Page<Execution> found = executions.list(query);
        // A key scoped to several teams filters here, so a page may hold fewer than `limit`
        // items while `next` still leads on: clients follow `next` until it is null.
        ctx.json(page(new Page<>(found.items().stream().filter(e -> caller.canSee(e.team())).toList(),
                found.next())));
    }

    void cancel(Context ctx) {
        ExecutionView current = view(ctx);
        if (current.execution().status().terminal()) {
            throw finished(current.execution());
        }
        ctx.json(docs.full(executions.cancel(current.execution().id())));
    }

    void retry(Context ctx) {
        ExecutionView current = view(ctx);
        ExecutionStatus status = current.execution().status();
        if (status != ExecutionStatus.FAILURE && status != ExecutionStatus.CANCELLED) {
            throw new ConflictException("execution_not_retryable",
                    "Only a failed or cancelled execution can be retried; this one is " + status.wire());
        }
        JsonNode stepId = bodies.object(ctx).get("stepId");
        if (stepId != null && !stepId.isNull() && !stepId.isTextual()) {
            throw new BadRequestException("invalid_step_id", "'stepId' must be a string");
        }
        ExecutionView retried = executions.retry(current.execution().id(),
                stepId == null || stepId.isNull() ? null : stepId.asText());
        ctx.status(202).json(docs.full(retried));
    }

    /** The execution named by the route, if the caller's teams may see it (else 404, never 403). */
    ExecutionView view(Context ctx) {
        String id = ctx.pathParam("id");
        Principal caller = Access.principal(ctx);
        return executions.get(id)
                .filter(v -> caller.canSee(v.execution().team()))
                .orElseThrow(() -> new NotFoundException("execution", id));
    }

    private ObjectNode page(Page<Execution> page) {
        ObjectNode answer = Json.object();
        ArrayNode items = answer.putArray("items");
        page.items().forEach(e -> items.add(docs.summary(e)));
        answer.put("next", page.next());
        return answer;
    }

    private static ConflictException finished(Execution e) {
        return new ConflictException("execution_finished",
                "Execution " + e.id() + " already ended (" + e.status().wire() + ")");
    }

    private static ExecutionStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ExecutionStatus.fromWire(value.trim());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("invalid_status",
                    "'status' must be one of notstarted, inProgress, waiting, completed, failure, cancelled");
        }
    }

    private static TriggerKind trigger(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return TriggerKind.fromWire(value.trim());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("invalid_trigger",
                    "'trigger' must be one of manual, webhook, schedule, event, workflow");
        }
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return ExecutionQuery.DEFAULT_LIMIT;
        }
        int n = Params.positiveInt(value, "limit");
        if (n > ExecutionQuery.MAX_LIMIT) {
            throw new BadRequestException("invalid_limit", "'limit' may be at most " + ExecutionQuery.MAX_LIMIT);
        }
        return n;
    }
}
