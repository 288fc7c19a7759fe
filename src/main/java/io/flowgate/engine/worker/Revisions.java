package io.flowgate.engine.worker;

import com.github.benmanes.caffeine.cache.Cache;
import io.flowgate.core.CacheSettings;
import io.flowgate.core.Caches;
import io.flowgate.core.NotFoundException;
import io.flowgate.store.WorkflowStore;
import io.flowgate.workflow.WorkflowRevision;

/** Revisions are immutable, so each is read from the store once and kept (bounded). */
final class Revisions {
    private final WorkflowStore store;
    private final Cache<String, WorkflowRevision> cache = Caches.bounded(CacheSettings.DEFAULT_ENGINE_REVISIONS);

    Revisions(WorkflowStore store) {
        this.store = store;
    }

    WorkflowRevision get(String team, String workflowId, int revision) {
        String key = team + '\0' + workflowId + '\0' + revision;
        WorkflowRevision cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        // Read outside the cache's lock: a store read must not block lookups of other revisions.
        WorkflowRevision read = store.revision(team, workflowId, revision)
                .orElseThrow(() -> new NotFoundException("workflow revision", workflowId + "@" + revision));
        cache.put(key, read);
        return read;
    }
}
