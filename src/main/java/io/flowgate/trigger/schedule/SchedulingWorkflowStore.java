package io.flowgate.trigger.schedule;

import io.flowgate.store.WorkflowStore;
import io.flowgate.workflow.WorkflowDefinition;
import io.flowgate.workflow.WorkflowRevision;
import io.flowgate.workflow.WorkflowSummary;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The workflow store as the edges see it: every save or delete re-synchronises that workflow's schedules at
 * once, so a revision that adds, changes or removes a schedule takes effect without a restart.
 */
final class SchedulingWorkflowStore implements WorkflowStore {
    private final WorkflowStore delegate;
    private final Scheduler scheduler;

    SchedulingWorkflowStore(WorkflowStore delegate, Scheduler scheduler) {
        this.delegate = delegate;
        this.scheduler = scheduler;
    }

    @Override
    public Saved save(WorkflowDefinition definition, String source) {
        Saved saved = delegate.save(definition, source);
        sync(saved.summary().team(), saved.summary().id());
        return saved;
    }

    @Override
    public boolean delete(String team, String id) {
        boolean deleted = delegate.delete(team, id);
        sync(team, id);
        return deleted;
    }

    /**
     * The revision is saved already, so its schedules must follow. Syncing is idempotent (it derives everything
     * from the latest revision), so one failure — a PostgreSQL deadlock victim, say — is simply retried.
     */
    private void sync(String team, String id) {
        try {
            scheduler.sync(team, id);
        } catch (RuntimeException first) {
            LoggerFactory.getLogger(SchedulingWorkflowStore.class).warn("Syncing the schedules of {}/{} failed; "
                    + "retrying once", team, id, first);
            scheduler.sync(team, id);
        }
    }

    @Override
    public Optional<WorkflowSummary> find(String team, String id) {
        return delegate.find(team, id);
    }

    @Override
    public List<WorkflowSummary> findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public Optional<WorkflowSummary> findByHookId(String hookId) {
        return delegate.findByHookId(hookId);
    }

    @Override
    public List<WorkflowSummary> list(List<String> teams) {
        return delegate.list(teams);
    }

    @Override
    public Optional<WorkflowRevision> revision(String team, String id, int revision) {
        return delegate.revision(team, id, revision);
    }

    @Override
    public Optional<WorkflowRevision> latest(String team, String id) {
        return delegate.latest(team, id);
    }

    @Override
    public List<WorkflowRevision> revisions(String team, String id) {
        return delegate.revisions(team, id);
    }

    @Override
    public String regenerateHookId(String team, String id) {
        return delegate.regenerateHookId(team, id);
    }
}
