package io.flowgate.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.workflow.StepDefinition;
import io.flowgate.workflow.Triggers;
import io.flowgate.workflow.WorkflowDefinition;
import io.flowgate.workflow.WorkflowRevision;
import io.flowgate.workflow.WorkflowSummary;
import java.time.Instant;
import java.util.function.Supplier;

/** The workflow documents of the API: WorkflowDoc, WorkflowSummaryDoc and a revision. Dates are ISO-8601. */
final class WorkflowDocuments {
    /** Durations as ISO-8601 ("PT10S"), as they are written in workflow files. */
    private static final ObjectMapper DEFINITIONS = Json.MAPPER.copy()
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private final Supplier<String> publicUrl;

    WorkflowDocuments(Supplier<String> publicUrl) {
        this.publicUrl = publicUrl;
    }

    ObjectNode summary(WorkflowSummary s) {
        ObjectNode doc = Json.object();
        doc.put("id", s.id());
        doc.put("team", s.team());
        doc.put("name", s.name());
        doc.put("revision", s.latestRevision());
        doc.put("createdAt", iso(s.createdAt()));
        doc.put("updatedAt", iso(s.updatedAt()));
        doc.put("hookId", s.hookId());
        return doc;
    }

    /** Adds {@code triggers: ["manual", "webhook", …]}, the kinds a definition declares (the list's badges). */
    static void triggerKinds(WorkflowDefinition def, ObjectNode item) {
        ArrayNode kinds = item.putArray("triggers");
        Triggers t = def.triggers();
        if (t == null) {
            return;
        }
        if (t.manual()) {
            kinds.add("manual");
        }
        if (t.webhook() != null) {
            kinds.add("webhook");
        }
        if (t.schedule() != null) {
            kinds.add("schedule");
        }
        if (t.events() != null) {
            kinds.add("event");
        }
    }

    ObjectNode workflow(WorkflowSummary s, WorkflowDefinition def) {
        ObjectNode doc = Json.object();
        doc.put("id", s.id());
        doc.put("team", s.team());
        doc.put("name", def.name() != null ? def.name() : s.name());
        doc.put("description", def.description());
        doc.put("revision", s.latestRevision());
        doc.put("createdAt", iso(s.createdAt()));
        doc.put("updatedAt", iso(s.updatedAt()));
        doc.set("triggers", triggers(def.triggers()));
        ArrayNode steps = doc.putArray("steps");
        for (StepDefinition step : def.steps()) {
            ObjectNode st = steps.addObject();
            st.put("id", step.id());
            st.put("name", step.displayName());
            st.put("type", step.type());
            step.needs().forEach(st.putArray("needs")::add);
        }
        if (def.triggers() != null && def.triggers().webhook() != null && s.hookId() != null) {
            ObjectNode hook = doc.putObject("webhook");
            hook.put("hookId", s.hookId());
            hook.put("url", publicUrl.get() + "/hooks/" + s.hookId());
        }
        return doc;
    }

    ObjectNode revision(WorkflowRevision r) {
        ObjectNode doc = Json.object();
        doc.put("revision", r.revision());
        doc.put("createdAt", iso(r.createdAt()));
        doc.put("source", r.source());
        doc.set("definition", DEFINITIONS.valueToTree(r.definition()));
        return doc;
    }

    ObjectNode revisionEntry(WorkflowRevision r) {
        ObjectNode doc = Json.object();
        doc.put("revision", r.revision());
        doc.put("createdAt", iso(r.createdAt()));
        return doc;
    }

    private static ObjectNode triggers(Triggers t) {
        ObjectNode doc = Json.object();
        if (t == null) {
            return doc;
        }
        if (t.manual()) {
            doc.putObject("manual");
        }
        if (t.webhook() != null) {
            doc.set("webhook", t.webhook());
        }
        if (t.schedule() != null) {
            doc.set("schedule", t.schedule());
        }
        if (t.events() != null) {
            doc.set("events", t.events());
        }
        return doc;
    }

    static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
