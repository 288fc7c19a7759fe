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

    /** Who may receive the events: null for every workflow (an API key), or one workflow (its token). */
    public record Scope(String team, String workflowId) {}

    public EventIntake(EventStore store, Clock clock, EventListener listener, Runnable arrived) {
        this.store = store;
        this.clock = clock;
        this.listener = listener;
        this.arrived = arrived;
    }

    /** Durable on return; the answer is how many events the request carried (repeats included). */
    public int accept(String contentType, Map<String, List<String>> headers, byte[] body, Scope scope) {
        List<EventDocument> docs = CloudEventReader.read(contentType, headers, body);
        Instant now = clock.instant();
        List<StoredEvent> rows = new ArrayList<>(docs.size());
        for (EventDocument d : docs) {
            EventDocument doc = d.withTimeIfAbsent(now);
            rows.add(new StoredEvent(Ids.timeOrdered(clock), doc.source(), doc.id(), doc.type(), doc.subject(),
                    doc.toJson(), now, scope == null ? null : scope.team(),
                    scope == null ? null : scope.workflowId(), null));
        }
        // Within one batch, rows sort by seq; the same ms gives random order, so keep the batch's own order.
        rows = ordered(rows);
        int inserted = store.accept(rows).size();
        listener.accepted(inserted);
        if (inserted > 0) {
            arrived.run();
        }
        return docs.size();
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
                    r.receivedAt(), r.team(), r.workflowId(), r.processedAt()));
        }
        return out;
    }
}
