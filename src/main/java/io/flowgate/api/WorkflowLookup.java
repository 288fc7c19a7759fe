package io.flowgate.api;

import io.flowgate.auth.Principal;
import io.flowgate.core.ConflictException;
import io.flowgate.core.NotFoundException;
import io.flowgate.store.WorkflowStore;
import io.flowgate.workflow.WorkflowSummary;
import java.util.List;

/**
 * Finds the workflow a route names by id (and optional {@code ?team=}), among the teams the
 * caller may see. A workflow of a team the caller may not see answers 404, as if it did not exist.
 */
final class WorkflowLookup {
    private final WorkflowStore store;

    WorkflowLookup(WorkflowStore store) {
        this.store = store;
    }

    WorkflowSummary resolve(Principal caller, String id, String team) {
        if (team != null && !team.isBlank()) {
            if (!caller.canSee(team)) {
                throw new NotFoundException("workflow", id);
            }
            return store.find(team, id).orElseThrow(() -> new NotFoundException("workflow", id));
        }
        List<WorkflowSummary> visible = store.findById(id).stream().filter(w -> caller.canSee(w.team())).toList();
        if (visible.isEmpty()) {
            throw new NotFoundException("workflow", id);
        }
        if (visible.size() > 1) {
            throw new ConflictException("ambiguous_workflow", "Workflow '" + id + "' exists in teams "
                    + String.join(", ", visible.stream().map(WorkflowSummary::team).toList())
                    + "; name one with ?team=");
        }
        return visible.getFirst();
    }
}
