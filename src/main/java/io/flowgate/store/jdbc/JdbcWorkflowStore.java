package io.flowgate.store.jdbc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import io.flowgate.core.CacheSettings;
import io.flowgate.core.Caches;
import io.flowgate.core.Ids;
import io.flowgate.core.Json;
import io.flowgate.core.NotFoundException;
import io.flowgate.store.WorkflowStore;
import io.flowgate.workflow.WorkflowDefinition;
import io.flowgate.workflow.WorkflowRevision;
import io.flowgate.workflow.WorkflowSummary;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Workflows and their immutable revisions. A revision's definition is stored as the JSON of the
 * parsed {@link WorkflowDefinition} record, next to the source document as submitted.
 * {@link #revisions} lists oldest first. A definition without a team is saved under
 * {@link WorkflowDefinition#DEFAULT_TEAM}.
 */
public final class JdbcWorkflowStore implements WorkflowStore {
    static final int HOOK_ID_BYTES = 24;
    private static final String SUMMARY = "SELECT team, id, name, latest_revision, hook_id, created_at, updated_at "
            + "FROM workflows ";
    private static final String REVISION = "SELECT team, workflow_id, revision, definition, source, created_at "
            + "FROM workflow_revisions ";

    /**
     * Leaves null properties out: read back, a JSON {@code null} would become a NullNode where the
     * record held null (e.g. an absent trigger kind), and the definition would not round-trip.
     */
    private static final ObjectMapper DEFINITIONS = Json.MAPPER.copy()
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    private final JdbcHelper reads;
    private final GroupCommitter writes;
    private final Clock clock;
    /**
     * On SQLite, the lookups every run request and webhook makes (by id, by hook id) are answered from memory: one
     * process owns the file and every write to {@code workflows} goes through this store, which clears them after
     * it commits. A read racing a write caches its answer only if no write finished meanwhile ({@link #changes}).
     * Null on PostgreSQL, where another node may change a workflow and the latest revision must come from the store.
     */
    private final Cache<String, List<WorkflowSummary>> heads;
    private final AtomicLong changes = new AtomicLong();

    public JdbcWorkflowStore(Database db, Clock clock) {
        this.reads = db.reads();
        this.writes = db.writes();
        this.clock = clock;
        this.heads = db.dialect() == Dialect.SQLITE ? Caches.bounded(CacheSettings.DEFAULT_WORKFLOW_HEADS) : null;
    }

    private List<WorkflowSummary> cached(String key, Supplier<List<WorkflowSummary>> read) {
        if (heads == null) {
            return read.get();
        }
        List<WorkflowSummary> hit = heads.getIfPresent(key);
        if (hit != null) {
            return hit;
        }
        long before = changes.get();
        List<WorkflowSummary> found = List.copyOf(read.get());
        if (changes.get() == before) {
            heads.put(key, found);
        }
        return found;
    }

    /** After a write to {@code workflows} committed. */
    private <T> T changed(T result) {
        if (heads != null) {
            changes.incrementAndGet();
            heads.invalidateAll();
        }
        return result;
    }

    @Override
    public Saved save(WorkflowDefinition definition, String source) {
        String team = definition.team() == null ? WorkflowDefinition.DEFAULT_TEAM : definition.team();
        String json = writeDefinition(definition);
        return changed(writes.writeShared(tx -> {
            Instant now = clock.instant();
            // DO NOTHING waits for a concurrent creator on PostgreSQL, then the UPDATE below takes the row lock,
            // so concurrent saves are serialised and get distinct revisions.
            boolean created = tx.execute("""
                    INSERT INTO workflows (team, id, name, latest_revision, hook_id, created_at, updated_at)
                    VALUES (?, ?, ?, 0, ?, ?, ?) ON CONFLICT (team, id) DO NOTHING""",
                    team, definition.id(), definition.name(), Ids.random(HOOK_ID_BYTES), now, now) == 1;
            WorkflowSummary summary = tx.queryOne("""
                    UPDATE workflows SET latest_revision = latest_revision + 1, name = ?, updated_at = ?
                    WHERE team = ? AND id = ?
                    RETURNING team, id, name, latest_revision, hook_id, created_at, updated_at""",
                    JdbcWorkflowStore::summary, definition.name(), now, team, definition.id()).orElseThrow();
            tx.execute("""
                    INSERT INTO workflow_revisions (team, workflow_id, revision, definition, source, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)""", team, definition.id(), summary.latestRevision(), json, source, now);
            WorkflowRevision revision = new WorkflowRevision(team, definition.id(), summary.latestRevision(),
                    definition, source, now);
            return new Saved(revision, summary, created);
        }));
    }

    @Override
    public Optional<WorkflowSummary> find(String team, String id) {
        return reads.queryOne(SUMMARY + "WHERE team = ? AND id = ?", JdbcWorkflowStore::summary, team, id);
    }

    @Override
    public List<WorkflowSummary> findById(String id) {
        return cached("id:" + id, () -> reads.query(SUMMARY + "WHERE id = ? ORDER BY team", JdbcWorkflowStore::summary,
                id));
    }

    @Override
    public Optional<WorkflowSummary> findByHookId(String hookId) {
        // Only known hook ids are kept: random unknown ids must not fill the cache.
        List<WorkflowSummary> hit = heads == null ? null : heads.getIfPresent("hook:" + hookId);
        if (hit != null) {
            return Optional.of(hit.getFirst());
        }
        long before = changes.get();
        Optional<WorkflowSummary> found = reads.queryOne(SUMMARY + "WHERE hook_id = ?", JdbcWorkflowStore::summary,
                hookId);
        if (heads != null && found.isPresent() && changes.get() == before) {
            heads.put("hook:" + hookId, List.of(found.get()));
        }
        return found;
    }

    @Override
    public List<WorkflowSummary> list(List<String> teams) {
        if (teams == null) {
            return reads.query(SUMMARY + "ORDER BY team, id", JdbcWorkflowStore::summary);
        }
        if (teams.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(teams.size(), "?"));
        return reads.query(SUMMARY + "WHERE team IN (" + marks + ") ORDER BY team, id", JdbcWorkflowStore::summary,
                teams.toArray());
    }

    @Override
    public Optional<WorkflowRevision> revision(String team, String id, int revision) {
        return reads.queryOne(REVISION + "WHERE team = ? AND workflow_id = ? AND revision = ?",
                JdbcWorkflowStore::revision, team, id, revision);
    }

    @Override
    public Optional<WorkflowRevision> latest(String team, String id) {
        return reads.queryOne(REVISION + "WHERE team = ? AND workflow_id = ? ORDER BY revision DESC LIMIT 1",
                JdbcWorkflowStore::revision, team, id);
    }

    @Override
    public List<WorkflowRevision> revisions(String team, String id) {
        return reads.query(REVISION + "WHERE team = ? AND workflow_id = ? ORDER BY revision",
                JdbcWorkflowStore::revision, team, id);
    }

    @Override
    public String regenerateHookId(String team, String id) {
        String hookId = Ids.random(HOOK_ID_BYTES);
        int updated = changed(writes.writeShared(tx -> tx.execute(
                "UPDATE workflows SET hook_id = ?, updated_at = ? WHERE team = ? AND id = ?",
                hookId, clock.instant(), team, id)));
        if (updated == 0) {
            throw new NotFoundException("workflow", team + "/" + id);
        }
        return hookId;
    }

    @Override
    public boolean delete(String team, String id) {
        return changed(writes.writeShared(tx -> {
            tx.execute("DELETE FROM workflow_revisions WHERE team = ? AND workflow_id = ?", team, id);
            return tx.execute("DELETE FROM workflows WHERE team = ? AND id = ?", team, id) == 1;
        }));
    }

    private static String writeDefinition(WorkflowDefinition definition) {
        try {
            return DEFINITIONS.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise workflow " + definition.id(), e);
        }
    }

    private static WorkflowSummary summary(Row r) throws SQLException {
        return new WorkflowSummary(r.string("team"), r.string("id"), r.string("name"), r.integer("latest_revision"),
                r.string("hook_id"), r.instant("created_at"), r.instant("updated_at"));
    }

    private static WorkflowRevision revision(Row r) throws SQLException {
        WorkflowDefinition definition;
        try {
            definition = DEFINITIONS.readValue(r.string("definition"), WorkflowDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored definition of " + r.string("team") + "/" + r.string("workflow_id")
                    + " revision " + r.integer("revision") + " is corrupt: " + e.getOriginalMessage(), e);
        }
        return new WorkflowRevision(r.string("team"), r.string("workflow_id"), r.integer("revision"), definition,
                r.string("source"), r.instant("created_at"));
    }
}
