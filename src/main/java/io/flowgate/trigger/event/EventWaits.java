package io.flowgate.trigger.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Ids;
import io.flowgate.core.Json;
import io.flowgate.engine.Execution;
import io.flowgate.engine.StepRun;
import io.flowgate.engine.Waits;
import io.flowgate.store.EventStore;
import io.flowgate.store.EventStore.StoredEvent;
import io.flowgate.store.WaitStore;
import io.flowgate.store.WaitStore.Resolution;
import io.flowgate.store.WaitStore.Wait;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The engine's {@link Waits}: registers waiting steps in the {@link WaitStore}, resolves them with a
 * timeout or a look back over events already received, and publishes events for {@code emit-event}.
 */
public final class EventWaits implements Waits {
    static final int LOOKBACK_LIMIT = 10_000;

    private final EventStore events;
    private final WaitStore waits;
    private final Clock clock;
    private final Runnable eventsArrived;

    public EventWaits(EventStore events, WaitStore waits, Clock clock, Runnable eventsArrived) {
        this.events = events;
        this.waits = waits;
        this.clock = clock;
        this.eventsArrived = eventsArrived;
    }

    @Override
    public Optional<JsonNode> awaitEvent(Execution execution, StepRun run, JsonNode data, String type,
                                         String source, String correlation, Duration lookback) {
        String stepId = run.stepId();
        JsonNode scope = withoutSecrets(data);
        Optional<Correlation.Key> key = Correlation.key(correlation, scope, clock);
        // The window starts when the step starts waiting, or lookback earlier: the processor matches only
        // events received from then on, and the look back below covers the ones before.
        Instant since = lookback == null ? clock.instant() : clock.instant().minus(lookback);
        waits.upsert(new Wait(execution.id(), stepId, execution.team(), execution.workflowId(), "event",
                attempt(run), type, source, correlation, scope, key.map(Correlation.Key::path).orElse(null),
                key.map(Correlation.Key::value).orElse(null), null, since, null, null));
        Wait wait = waits.find(execution.id(), stepId).orElseThrow();
        if (wait.resolution() != null || lookback == null) {
            return Optional.ofNullable(wait.resolution());
        }
        for (StoredEvent e : lookBack(type, since, key.orElse(null))) {
            if (key.isPresent() && !Correlation.valueAt(e.document(), key.get().path()).equals(
                    Optional.of(key.get().value()))) {
                continue; // cheaper than the full correlation, which only an event with the key can satisfy
            }
            if (EventProcessor.matches(wait, e, clock)) {
                return Optional.of(resolveNow(execution.id(), stepId, e.document()));
            }
        }
        return Optional.empty();
    }

    /**
     * The events a look back considers. With a string key the store returns only events holding it: a run
     * reads the few that can match, not every event of its type in the window (thousands, when many runs wait
     * for one type each with its own key).
     */
    private List<StoredEvent> lookBack(String type, Instant since, Correlation.Key key) {
        if (key != null && key.value().startsWith(Correlation.STRING)) {
            return events.since(type, since, key.path(), key.value().substring(Correlation.STRING.length()),
                    LOOKBACK_LIMIT);
        }
        return events.since(type, since, LOOKBACK_LIMIT);
    }

    @Override
    public Optional<JsonNode> awaitDecision(Execution execution, StepRun run, List<String> approvers,
                                            String message) {
        String stepId = run.stepId();
        ObjectNode shown = Json.object();
        if (message != null) {
            shown.put("message", message);
        }
        waits.upsert(new Wait(execution.id(), stepId, execution.team(), execution.workflowId(), "approval",
                attempt(run), null, null, null, shown, null, null,
                approvers == null ? List.of() : List.copyOf(approvers), clock.instant(), null, null));
        return resolution(execution.id(), stepId);
    }

    /** Which start of the step this is: a retry from the step starts it anew (new start time). */
    private static String attempt(StepRun run) {
        return run.attempt() + "@" + (run.startedAt() == null ? 0 : run.startedAt().toEpochMilli());
    }

    @Override
    public Optional<JsonNode> resolution(String executionId, String stepId) {
        return waits.find(executionId, stepId).map(Wait::resolution);
    }

    @Override
    public JsonNode resolveNow(String executionId, String stepId, JsonNode outputs) {
        List<Resolution> won = waits.resolve(List.of(new Resolution(executionId, stepId, outputs, false)),
                clock.instant());
        if (!won.isEmpty()) {
            return outputs;
        }
        return resolution(executionId, stepId).orElseThrow(() -> new IllegalStateException(
                "Step " + stepId + " of " + executionId + " is not waiting"));
    }

    @Override
    public String emit(Execution execution, String eventId, JsonNode event) {
        Instant now = clock.instant();
        String source = "/flowgate/workflows/" + execution.workflowId();
        String subject = event.hasNonNull("subject") ? event.get("subject").asText() : null;
        EventDocument doc = new EventDocument(eventId, event.path("type").asText(), source, subject, now.toString(),
                event.get("data"));
        // Scoped to the emitting workflow's team, as a key of that team would be: one team's workflow must not
        // start or resume another team's runs.
        events.accept(List.of(new StoredEvent(Ids.timeOrdered(clock), source, eventId, doc.type(), subject,
                doc.toJson(), now, null, null, List.of(execution.team()), null)));
        eventsArrived.run();
        return eventId;
    }

    private static JsonNode withoutSecrets(JsonNode context) {
        if (context == null || !context.isObject() || !context.has("secrets")) {
            return context;
        }
        ObjectNode copy = ((ObjectNode) context).deepCopy();
        copy.remove("secrets");
        return copy;
    }
}
