package io.flowgate.store;

import java.time.Instant;
import java.util.List;

/** Per-workflow secrets that sign outbound webhooks; only ciphertext is stored. */
public interface SigningSecretStore {

    record StoredSecret(String id, String team, String workflowId, byte[] ciphertext, Instant createdAt) {}

    void insert(StoredSecret secret);

    /** Live (not revoked) secrets of a workflow, oldest first. */
    List<StoredSecret> live(String team, String workflowId);

    /** False if there is no such live secret. */
    boolean revoke(String team, String workflowId, String id, Instant at);
}
