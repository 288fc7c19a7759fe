package io.flowgate.trigger.event;

import io.flowgate.core.Ids;
import io.flowgate.store.EventStore;
import io.flowgate.store.EventStore.StoredEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/events}: reads the CloudEvents of one request, stores them all in one commit (a
 * repeated source and id is acknowledged and dropped) and only then answers; the processor takes them
 * from there. A bad event refuses the whole request before anything is stored.
 */
public final class EventIntake {
    private final EventStore store;
    private final Clock clock;
    private final EventListener listener;
    private final Runnable arrived;

    /**
     * Who may receive the events: every team's workflows (an all-teams key), the workflows of some teams (a
     * key scoped to them), or one workflow (its token). Stored with each event, so it holds after a restart.
     *
     * @param teams      the teams reached; null for every team (ignored when {@code workflowId} is set)
     * @param team       with {@code workflowId}: the one workflow reached
     */
    public record Scope(List<String> teams, String team, String workflowId) {
        public static final Scope EVERY_TEAM = new Scope(null, null, null);

        public Scope {
            teams = teams == null ? null : List.copyOf(teams);
        }

        /** A key: empty {@code teams} means every team, as for {@code Principal.teams()}. */
        public static Scope ofTeams(List<String> teams) {
            return teams == null || teams.isEmpty() ? EVERY_TEAM : new Scope(teams, null, null);
        }

        public static Scope ofWorkflow(String team, String workflowId) {
            return new Scope(null, team, workflowId);
        }
    }

    public EventIntake(EventStore store, Clock clock, EventListener listener, Runnable arrived) {
        this.store = store;
        this.clock = clock;
        this.listener = listener;
        this.arrived = arrived;
    }

    /** Durable on return; the answer is how many events the request carried (repeats included). */
    public int accept(String contentType, Map<String, List<String>> headers, byte[] body, Scope scope) {
        List<EventDocument> docs = CloudEventReader.read(contentType, headers, body);
        store(docs, scope);
        return docs.size();
    }

    /**
     * Events read elsewhere (broker sources), through the same path: durable on return (one commit for the
     * batch), a repeated (source, id) dropped. Returns how many were new.
     */
    public int accept(List<EventDocument> docs, Scope scope) {
        return store(docs, scope);
    }

    private int store(List<EventDocument> docs, Scope scope) {
        Scope to = scope == null ? Scope.EVERY_TEAM : scope;
        List<String> teams = to.workflowId() == null ? to.teams() : null;
        Instant now = clock.instant();
        List<StoredEvent> rows = new ArrayList<>(docs.size());
        for (EventDocument d : docs) {
            EventDocument doc = d.withTimeIfAbsent(now);
            rows.add(new StoredEvent(Ids.timeOrdered(clock), doc.source(), doc.id(), doc.type(), doc.subject(),
                    doc.toJson(), now, to.team(), to.workflowId(), teams, null));
        }
        // Within one batch, rows sort by seq; the same ms gives random order, so keep the batch's own order.
        rows = ordered(rows);
        int inserted = store.accept(rows).size();
        listener.accepted(inserted);
        if (inserted > 0) {
            arrived.run();
        }
        return inserted;
    }

    /** Seqs made increasing in batch order (time-ordered ids within one millisecond are random). */
    private static List<StoredEvent> ordered(List<StoredEvent> rows) {
        if (rows.size() < 2) {
            return rows;
        }
        List<String> seqs = new ArrayList<>(rows.stream().map(StoredEvent::seq).sorted().toList());
        List<StoredEvent> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            StoredEvent r = rows.get(i);
            out.add(new StoredEvent(seqs.get(i), r.source(), r.id(), r.type(), r.subject(), r.document(),
                    r.receivedAt(), r.team(), r.workflowId(), r.teams(), r.processedAt()));
        }
        return out;
    }
}
