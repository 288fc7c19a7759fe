package io.flowgate.engine.worker;

import io.flowgate.core.NotFoundException;
import io.flowgate.store.WorkflowStore;
import io.flowgate.workflow.WorkflowRevision;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Revisions are immutable, so each is read from the store once and kept (bounded). */
final class Revisions {
    static final int MAX_CACHED = 10_000;
    private final WorkflowStore store;
    private final Map<String, WorkflowRevision> cache = new ConcurrentHashMap<>();

    Revisions(WorkflowStore store) {
        this.store = store;
    }

    WorkflowRevision get(String team, String workflowId, int revision) {
        String key = team + '\0' + workflowId + '\0' + revision;
        WorkflowRevision r = cache.get(key);
        if (r != null) {
            return r;
        }
        r = store.revision(team, workflowId, revision)
                .orElseThrow(() -> new NotFoundException("workflow revision", workflowId + "@" + revision));
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(key, r);
        return r;
    }
}
