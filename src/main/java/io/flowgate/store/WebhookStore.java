package io.flowgate.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Page;
import io.flowgate.engine.SideWrite;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Inbound webhook state: tokens (SHA-256 hash + display prefix only), HMAC secrets (ciphertext
 * only), idempotency records with an expiry, and the request log. Writes that belong to an
 * accepted request are not methods here but {@link SideWrite}s made by
 * {@link #acceptedWrites}, so they commit in the same unit as the execution row.
 */
public interface WebhookStore {

    record TokenRow(String id, String team, String workflowId, String prefix, byte[] hash, Instant createdAt,
                    Instant revokedAt) {}

    record SecretRow(String id, String team, String workflowId, byte[] ciphertext, Instant createdAt,
                     Instant revokedAt) {}

    /**
     * The first reply given for an idempotency key, replayed to repeats until {@code expiresAt}. A
     * null body stands for the async answer {@code {"activityId": executionId}}.
     */
    record IdempotentReply(String executionId, int status, JsonNode body, Instant expiresAt) {}

    /** One inbound request as the log shows it (headers already redacted, body already truncated). */
    record RequestEntry(String id, String team, String workflowId, Instant receivedAt, String method, String path,
                        JsonNode headers, String body, int status, String executionId) {}

    /** An idempotency claim: written only if no live record holds {@code key}; the unit declines otherwise. */
    record IdempotencyClaim(String key, int status, JsonNode body, Instant expiresAt) {}

    void insertToken(TokenRow token);

    /** A live (not revoked) token by hash. */
    Optional<TokenRow> findToken(byte[] hash);

    List<TokenRow> tokens(String team, String workflowId);

    boolean revokeToken(String team, String workflowId, String tokenId, Instant at);

    void insertSecret(SecretRow secret);

    /** Live secrets of a workflow, newest first. */
    List<SecretRow> secrets(String team, String workflowId);

    boolean revokeSecret(String team, String workflowId, String secretId, Instant at);

    /** The live record for {@code key} ({@code expiresAt} after {@code now}), if any. */
    Optional<IdempotentReply> idempotent(String team, String workflowId, String key, Instant now);

    /** Records the final reply of a key whose first answer was only known later (sync responses). */
    void updateReply(String team, String workflowId, String key, int status, JsonNode body);

    /**
     * The rows of an accepted request, to pass to {@link ExecutionStore#insert(io.flowgate.engine.Execution,
     * List, String, Instant, List)}: the idempotency claim (may be null) and the log entry. The
     * execution is written only if the claim holds.
     */
    List<SideWrite> acceptedWrites(String team, String workflowId, IdempotencyClaim claim,
                                                  Instant now, RequestEntry entry);

    /** Sets the reply status of a logged request once it is known (sync responses answer after the insert). */
    void updateRequestStatus(String requestId, int status);

    /** Logs a request that started nothing (refused, condition false, a repeat). */
    void log(RequestEntry entry);

    /**
     * A page of the log, newest first: at most {@code limit} entries after {@code cursor} (null for the
     * first page); the page's {@code next} leads on, null on the last page. A cursor this store did not
     * hand out is a {@link io.flowgate.core.BadRequestException}.
     */
    Page<RequestEntry> requests(String team, String workflowId, String cursor, int limit);

    /** The first page, newest first. */
    default List<RequestEntry> requests(String team, String workflowId, int limit) {
        return requests(team, workflowId, null, limit).items();
    }

    // ---- housekeeping, in bounded writes (entries past the retention go through RetentionStore) ----

    /** Deletes at most {@code limit} idempotency records expired at {@code now}; returns how many went. */
    int pruneExpiredKeys(Instant now, int limit);

    /** The workflows that have request-log entries. */
    List<RetentionStore.WorkflowKey> loggedWorkflows();

    /** Deletes at most {@code limit} of the workflow's oldest entries past its {@code keep} newest; returns how many. */
    int capRequests(RetentionStore.WorkflowKey workflow, int keep, int limit);

    // ---- capture sessions (one per workflow key, any node may take the request) ----

    /**
     * Opens (or replaces) the capture session of {@code workflowKey}; other nodes are told with a
     * {@code CAPTURE} signal whose subject is {@code +<expiry epoch millis> <workflowKey>}.
     */
    void openCapture(String workflowKey, String sessionId, Instant expiresAt);

    /** Ends a session (taken or not); a newer session of the same key is left alone. */
    void closeCapture(String workflowKey, String sessionId);

    /**
     * Gives {@code trigger} to the open session of {@code workflowKey}, if one is open and has taken nothing
     * yet; answers that session's id. At most one request, on any node, wins a session.
     */
    Optional<String> takeCapture(String workflowKey, JsonNode trigger, Instant now);

    /** What a session took, once taken. */
    Optional<JsonNode> captured(String sessionId);

    /** Workflow keys with an open session now, and when each session expires. */
    java.util.Map<String, Instant> openCaptures(Instant now);
}
