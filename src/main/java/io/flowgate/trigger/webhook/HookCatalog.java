package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.CacheSettings;
import io.flowgate.core.Caches;
import io.flowgate.core.NotFoundException;
import io.flowgate.store.WorkflowStore;
import io.flowgate.workflow.WorkflowRevision;
import io.flowgate.workflow.WorkflowSummary;
import java.util.Optional;

/**
 * The revision a hook request runs and its parsed webhook trigger. Revisions are immutable, so both
 * are cached by (team, id, revision); which revision is latest always comes from the store.
 */
final class HookCatalog {
    private final WorkflowStore workflows;
    private final Cache<String, Optional<WebhookTrigger>> triggers =
            Caches.bounded(CacheSettings.DEFAULT_HOOK_REVISIONS);
    private final Cache<String, WorkflowRevision> revisions = Caches.bounded(CacheSettings.DEFAULT_HOOK_REVISIONS);

    HookCatalog(WorkflowStore workflows) {
        this.workflows = workflows;
    }

    static Integer revisionParam(InboundRequest req) {
        String v = req.queryParam("revision");
        if (v == null || v.isBlank()) {
            return null;
        }
        if (!v.matches("\\d{1,9}") || Integer.parseInt(v) < 1) {
            throw new BadRequestException("invalid_revision", "'revision' must be a positive integer");
        }
        return Integer.parseInt(v);
    }

    WorkflowRevision revision(WorkflowSummary w, Integer pinned) {
        int n = pinned == null ? w.latestRevision() : pinned;
        String key = w.team() + "/" + w.id() + "/" + n;
        WorkflowRevision cached = revisions.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        // Read outside the cache's lock: a store read must not block lookups of other revisions.
        WorkflowRevision rev = workflows.revision(w.team(), w.id(), n)
                .orElseThrow(() -> new NotFoundException("revision", Integer.toString(n)));
        revisions.put(key, rev);
        return rev;
    }

    /** Revisions are immutable, so their parsed trigger is cached by (team, id, revision). */
    Optional<WebhookTrigger> trigger(WorkflowRevision rev) {
        String key = rev.team() + "/" + rev.workflowId() + "/" + rev.revision();
        return triggers.get(key, k -> {
            JsonNode node = rev.definition().triggers() == null ? null : rev.definition().triggers().webhook();
            return node == null ? Optional.empty() : Optional.of(WebhookTrigger.parse(node, "triggers.webhook").trigger());
        });
    }
}
