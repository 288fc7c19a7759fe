package io.flowgate.engine.steps.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Problem;
import io.flowgate.engine.Waits;
import io.flowgate.engine.steps.StepConfig;
import io.flowgate.engine.steps.StepContext;
import io.flowgate.engine.steps.StepResult;
import io.flowgate.engine.steps.StepType;
import io.flowgate.expr.Template;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code approval}: waits durably for a person to approve or reject through
 * {@code POST /api/v1/executions/{id}/steps/{stepId}/approve | reject}. {@code approvers} (key names or
 * roles) narrows who may decide. Outputs {@code {decision, by, at, comment}}; a rejection fails the step
 * unless {@code onReject: continue}.
 */
public final class ApprovalStep implements StepType {
    @Override
    public String name() {
        return "approval";
    }

    @Override
    public List<Problem> validate(String path, ObjectNode config) {
        StepConfig c = new StepConfig(path, config).onlyFields(Set.of("message", "approvers", "onTimeout",
                "onReject")).templates("message");
        JsonNode approvers = config.get("approvers");
        if (approvers != null && !(approvers.isArray() || approvers.isTextual())) {
            c.problem("approvers", "must be a list of key names or roles");
        } else if (approvers != null && approvers.isArray()) {
            for (JsonNode a : approvers) {
                if (!a.isTextual() || a.asText().isBlank()) {
                    c.problem("approvers", "must be a list of key names or roles (strings)");
                    break;
                }
            }
        }
        JsonNode onReject = config.get("onReject");
        if (onReject != null && !(onReject.isTextual() && WaitingSteps.FAIL_OR_CONTINUE.contains(onReject.asText()))) {
            c.problem("onReject", "must be fail or continue");
        }
        WaitingSteps.checkOnTimeout(c);
        return c.problems();
    }

    @Override
    public StepResult execute(StepContext context) {
        Waits waits = context.services().waits();
        if (context.state() == null || !context.state().has("waiting")) {
            String message = context.config().hasNonNull("message") ? Template.parse(context.config().get("message")
                    .asText()).renderText(context.data(), context.clock()) : null;
            Optional<JsonNode> already = waits.awaitDecision(context.execution(), context.run(),
                    approvers(context.config()),
                    context.services().redact(message));
            if (already.isPresent()) {
                return outcome(context, already.get());
            }
            ObjectNode state = WaitingSteps.firstState(context);
            return new StepResult.Wait(WaitingSteps.deadline(state), state);
        }
        Instant deadline = WaitingSteps.deadline(context.state());
        Optional<JsonNode> decided = WaitingSteps.resolution(context, waits, deadline);
        if (decided.isEmpty()) {
            return new StepResult.Wait(deadline, context.state());
        }
        return outcome(context, decided.get());
    }

    private static StepResult outcome(StepContext context, JsonNode d) {
        if (WaitingSteps.timedOut(d)) {
            return WaitingSteps.onTimeout(context, "decision");
        }
        if ("rejected".equals(d.path("decision").asText())
                && !"continue".equals(context.config().path("onReject").asText("fail"))) {
            String comment = d.path("comment").asText("");
            return new StepResult.Failed("Rejected by " + d.path("by").asText() + (comment.isEmpty() ? ""
                    : ": " + comment), false);
        }
        return StepResult.completed(d);
    }

    static List<String> approvers(JsonNode config) {
        JsonNode a = config.get("approvers");
        List<String> out = new ArrayList<>();
        if (a != null && a.isTextual()) {
            out.add(a.asText());
        } else if (a != null) {
            a.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
