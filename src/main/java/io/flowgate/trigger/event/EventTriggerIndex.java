package io.flowgate.trigger.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.store.WorkflowStore;
import io.flowgate.workflow.WorkflowRevision;
import io.flowgate.workflow.WorkflowSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event triggers of the latest revision of every workflow, by type pattern. An event looks up its own
 * type and its few wildcard prefixes ({@link EventTypes#patternsMatching}) — never every workflow. Kept
 * current by {@link #refresh(String, String)} when a workflow is saved or deleted on this node, and by
 * {@link #sync()} (run now and then) for saves on other nodes: it compares each workflow's latest revision
 * number with the one indexed and reloads only those that changed.
 */
public final class EventTriggerIndex {
    private final WorkflowStore workflows;
    /** (team/id) → the revision indexed and its triggers; guarded by {@code this}. */
    private final Map<String, Entry> byWorkflow = new HashMap<>();
    private volatile Map<String, List<EventTrigger>> byPattern = Map.of();

    private record Entry(int revision, List<EventTrigger> triggers) {}

    public EventTriggerIndex(WorkflowStore workflows) {
        this.workflows = workflows;
    }

    /** Every trigger whose type pattern matches {@code type} (source, subject and filter are not checked here). */
    public List<EventTrigger> candidates(String type) {
        Map<String, List<EventTrigger>> index = byPattern;
        List<EventTrigger> out = new ArrayList<>();
        for (String pattern : EventTypes.patternsMatching(type)) {
            List<EventTrigger> hit = index.get(pattern);
            if (hit != null) {
                out.addAll(hit);
            }
        }
        return out;
    }

    /** Brings every workflow's entry up to its latest revision; reads only the workflows that changed. */
    public synchronized void sync() {
        Map<String, WorkflowSummary> live = new HashMap<>();
        for (WorkflowSummary s : workflows.list(null)) {
            live.put(key(s.team(), s.id()), s);
        }
        boolean changed = byWorkflow.keySet().retainAll(live.keySet());
        for (WorkflowSummary s : live.values()) {
            Entry have = byWorkflow.get(key(s.team(), s.id()));
            if (have == null || have.revision() != s.latestRevision()) {
                changed |= load(s.team(), s.id());
            }
        }
        if (changed) {
            publish();
        }
    }

    /** One workflow was saved or deleted: index its latest revision now. */
    public synchronized void refresh(String team, String workflowId) {
        if (load(team, workflowId)) {
            publish();
        }
    }

    private boolean load(String team, String workflowId) {
        Optional<WorkflowRevision> latest = workflows.latest(team, workflowId);
        String key = key(team, workflowId);
        if (latest.isEmpty()) {
            return byWorkflow.remove(key) != null;
        }
        List<EventTrigger> triggers = new ArrayList<>();
        JsonNode events = latest.get().definition().triggers().events();
        if (events != null) {
            for (JsonNode entry : events) {
                triggers.add(EventTrigger.of(team, workflowId, entry));
            }
        }
        byWorkflow.put(key, new Entry(latest.get().revision(), List.copyOf(triggers)));
        return true;
    }

    private void publish() {
        Map<String, List<EventTrigger>> next = new HashMap<>();
        for (Entry e : byWorkflow.values()) {
            for (EventTrigger t : e.triggers()) {
                next.computeIfAbsent(t.type(), k -> new ArrayList<>()).add(t);
            }
        }
        next.replaceAll((k, v) -> List.copyOf(v));
        byPattern = Map.copyOf(next);
    }

    private static String key(String team, String id) {
        return team + "/" + id;
    }
}
