package io.flowgate.store;

import io.flowgate.workflow.WorkflowDefinition;
import io.flowgate.workflow.WorkflowRevision;
import io.flowgate.workflow.WorkflowSummary;
import java.util.List;
import java.util.Optional;

/** Workflows and their immutable revisions. Workflow ids are unique within a team. */
public interface WorkflowStore {

    /**
     * Saves {@code definition} as the next revision of ({@code team}, {@code id}), creating the
     * workflow (with a fresh hook id) when it is new. Atomic: concurrent saves get distinct
     * revision numbers. Returns the stored revision; {@code created} tells whether the workflow is new.
     */
    Saved save(WorkflowDefinition definition, String source);

    record Saved(WorkflowRevision revision, WorkflowSummary summary, boolean created) {}

    Optional<WorkflowSummary> find(String team, String id);

    /** Every team's workflow with that id (the API resolves an id without a team through it). */
    List<WorkflowSummary> findById(String id);

    Optional<WorkflowSummary> findByHookId(String hookId);

    /** All workflows of the given teams (null: every team), ordered by team then id. */
    List<WorkflowSummary> list(List<String> teams);

    Optional<WorkflowRevision> revision(String team, String id, int revision);

    Optional<WorkflowRevision> latest(String team, String id);

    List<WorkflowRevision> revisions(String team, String id);

    /** Replaces the hook id with a fresh one; returns it. */
    String regenerateHookId(String team, String id);

    /** Deletes the workflow and its revisions (executions are kept); false if it did not exist. */
    boolean delete(String team, String id);
}
