package io.flowgate.api;

import io.flowgate.core.Ids;
import io.flowgate.store.WorkflowStore;
import io.flowgate.workflow.WorkflowDefinition;
import io.flowgate.workflow.WorkflowRevision;
import io.flowgate.workflow.WorkflowSummary;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A test fake of the workflow store. */
final class InMemoryWorkflowStore implements WorkflowStore {
    private final Map<String, WorkflowSummary> heads = new LinkedHashMap<>();
    private final Map<String, List<WorkflowRevision>> revisions = new LinkedHashMap<>();
    private final Clock clock;

    InMemoryWorkflowStore(Clock clock) {
        this.clock = clock;
    }

    private static String key(String team, String id) {
        return team + "/" + id;
    }

    @Override
    public synchronized Saved save(WorkflowDefinition definition, String source) {
        String team = definition.team() == null ? WorkflowDefinition.DEFAULT_TEAM : definition.team();
        String k = key(team, definition.id());
        WorkflowSummary old = heads.get(k);
        int n = old == null ? 1 : old.latestRevision() + 1;
        WorkflowRevision rev = new WorkflowRevision(team, definition.id(), n, definition, source, clock.instant());
        revisions.computeIfAbsent(k, x -> new ArrayList<>()).add(rev);
        WorkflowSummary head = new WorkflowSummary(team, definition.id(), definition.name(), n,
                old == null ? Ids.random(16) : old.hookId(), old == null ? clock.instant() : old.createdAt(),
                clock.instant());
        heads.put(k, head);
        return new Saved(rev, head, old == null);
    }

    @Override
    public synchronized Optional<WorkflowSummary> find(String team, String id) {
        return Optional.ofNullable(heads.get(key(team, id)));
    }

    @Override
    public synchronized List<WorkflowSummary> findById(String id) {
        return heads.values().stream().filter(w -> w.id().equals(id)).toList();
    }

    @Override
    public synchronized Optional<WorkflowSummary> findByHookId(String hookId) {
        return heads.values().stream().filter(w -> w.hookId().equals(hookId)).findFirst();
    }

    @Override
    public synchronized List<WorkflowSummary> list(List<String> teams) {
        return heads.values().stream().filter(w -> teams == null || teams.contains(w.team()))
                .sorted(Comparator.comparing(WorkflowSummary::team).thenComparing(WorkflowSummary::id)).toList();
    }

    @Override
    public synchronized Optional<WorkflowRevision> revision(String team, String id, int revision) {
        return revisions.getOrDefault(key(team, id), List.of()).stream().filter(r -> r.revision() == revision)
                .findFirst();
    }

    @Override
    public synchronized Optional<WorkflowRevision> latest(String team, String id) {
        List<WorkflowRevision> all = revisions.getOrDefault(key(team, id), List.of());
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    @Override
    public synchronized List<WorkflowRevision> revisions(String team, String id) {
        return List.copyOf(revisions.getOrDefault(key(team, id), List.of()));
    }

    @Override
    public synchronized String regenerateHookId(String team, String id) {
        WorkflowSummary w = heads.get(key(team, id));
        String hook = Ids.random(16);
        heads.put(key(team, id), new WorkflowSummary(w.team(), w.id(), w.name(), w.latestRevision(), hook,
                w.createdAt(), w.updatedAt()));
        return hook;
    }

    @Override
    public synchronized boolean delete(String team, String id) {
        revisions.remove(key(team, id));
        return heads.remove(key(team, id)) != null;
    }
}
