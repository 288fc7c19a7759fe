package io.flowgate.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Accepted CloudEvents and what each one started or resumed. Every write returns once committed.
 * An event's identity is (source, id): a repeat is dropped by the store, never processed twice.
 */
public interface EventStore {

    /**
     * One event as stored.
     *
     * @param seq        Flowgate's own key, time-ordered (arrival order)
     * @param document   {@code {id, type, source, subject, time, data}} — what triggers and waits see
     * @param team       with {@code workflowId}: the event came with that workflow's token and reaches only it
     * @param teams      the teams whose workflows the event may reach (it came with a key scoped to them);
     *                   null for every team
     */
    record StoredEvent(String seq, String source, String id, String type, String subject, JsonNode document,
                       Instant receivedAt, String team, String workflowId, List<String> teams,
                       Instant processedAt) {
        public StoredEvent {
            teams = teams == null ? null : List.copyOf(teams);
        }

        /** Whether the event may start or resume workflow {@code workflowId} of {@code team}. */
        public boolean reaches(String team, String workflowId) {
            if (this.team != null) {
                return this.team.equals(team) && this.workflowId.equals(workflowId);
            }
            return teams == null || teams.contains(team);
        }
    }

    /** A run an event started or resumed; {@code kind} is {@code started} or {@code resumed}. */
    record EventRun(String seq, String executionId, String kind) {}

    /** Inserts every event whose (source, id) is new, in one commit; returns the seqs inserted. */
    Set<String> accept(List<StoredEvent> events);

    /**
     * Claims up to {@code limit} unprocessed events, oldest first, whose claim is free or expired (another
     * node died while processing them); they are this node's until {@code claimUntil}.
     */
    List<StoredEvent> claimPending(String node, Instant now, Instant claimUntil, int limit);

    /**
     * Records the runs events started or resumed and marks those events processed, in one commit — each only
     * while {@code owner} still holds its claim. Returns the seqs whose claim another node took meanwhile (it
     * processes them again, to the same end).
     */
    List<String> processed(String owner, List<String> seqs, Instant at, List<EventRun> runs);

    /** Extends the claims {@code owner} holds on unprocessed events; returns how many. */
    int renewClaims(String owner, Instant claimUntil);

    /** Gives up the claims {@code owner} holds on unprocessed events (graceful stop): others may take them now. */
    int releaseClaims(String owner);

    /** Newest first; {@code type} null for every type. */
    List<StoredEvent> recent(String type, int limit);

    List<EventRun> runsOf(List<String> seqs);

    /**
     * Deletes up to {@code limit} processed events received before {@code before}, with their run links;
     * unprocessed ones are never deleted. Returns how many events went.
     */
    int prune(Instant before, int limit);

    /**
     * Events whose type matches {@code typePattern} (exact, {@code prefix.*} or {@code *}) received at or after
     * {@code since}, oldest first.
     */
    List<StoredEvent> since(String typePattern, Instant since, int limit);

    /**
     * As {@link #since(String, Instant, int)}, narrowed to events whose document holds the string {@code value}
     * at the dotted {@code path} (a correlation's key): the store filters, so a look back over many events of
     * one type reads only the few that can match. May return more than match (callers check each event in
     * full), never fewer.
     */
    List<StoredEvent> since(String typePattern, Instant since, String path, String value, int limit);
}
