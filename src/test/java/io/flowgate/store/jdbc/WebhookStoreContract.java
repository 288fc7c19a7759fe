package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.Json;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.store.RetentionStore;
import io.flowgate.store.WebhookStore.IdempotencyClaim;
import io.flowgate.store.WebhookStore.RequestEntry;
import io.flowgate.store.WebhookStore.TokenRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link io.flowgate.store.WebhookStore}: tokens, the one-commit accept unit, idempotency and retention. */
abstract class WebhookStoreContract extends DatabaseContract {
    JdbcWebhookStore hooks;
    JdbcExecutionStore executions;

    @BeforeEach
    void createStores() {
        hooks = new JdbcWebhookStore(db);
        executions = new JdbcExecutionStore(db);
    }

    RequestEntry entry(String id, Instant at) {
        return new RequestEntry(id, "default", "orders", at, "POST", "/hooks/h", Json.object(), "{}", 202, null);
    }

    @Test
    void a_token_is_found_by_hash_until_revoked() {
        byte[] hash = {1, 2, 3, (byte) 0xff};
        hooks.insertToken(new TokenRow("t1", "default", "orders", "fgw_abc", hash, T0, null));
        assertThat(hooks.findToken(hash)).get().extracting(TokenRow::id).isEqualTo("t1");
        assertThat(hooks.revokeToken("default", "orders", "t1", T0)).isTrue();
        assertThat(hooks.findToken(hash)).isEmpty();
        assertThat(hooks.tokens("default", "orders")).singleElement().extracting(TokenRow::revokedAt).isEqualTo(T0);
    }

    @Test
    void an_accepted_request_writes_execution_log_and_claim_in_one_unit_and_a_live_claim_declines() {
        IdempotencyClaim claim = new IdempotencyClaim("k1", 202, null, T0.plus(Duration.ofHours(1)));
        boolean first = executions.insert(Fixtures.execution("e1", T0, ExecutionStatus.NOT_STARTED), List.of(), null,
                null, hooks.acceptedWrites("default", "orders", claim, T0, entry("r1", T0)));
        boolean repeat = executions.insert(Fixtures.execution("e2", T0, ExecutionStatus.NOT_STARTED), List.of(), null,
                null, hooks.acceptedWrites("default", "orders", claim, T0, entry("r2", T0)));
        assertThat(first).isTrue();
        assertThat(repeat).isFalse();
        assertThat(executions.find("e2")).isEmpty();
        assertThat(hooks.requests("default", "orders", 10)).singleElement()
                .extracting(RequestEntry::executionId).isEqualTo("e1");
        assertThat(hooks.idempotent("default", "orders", "k1", T0).orElseThrow().executionId()).isEqualTo("e1");
        // Once expired, the key may be claimed again.
        Instant later = T0.plus(Duration.ofHours(2));
        IdempotencyClaim again = new IdempotencyClaim("k1", 202, null, later.plus(Duration.ofHours(1)));
        assertThat(hooks.idempotent("default", "orders", "k1", later)).isEmpty();
        assertThat(executions.insert(Fixtures.execution("e3", later, ExecutionStatus.NOT_STARTED), List.of(), null,
                null, hooks.acceptedWrites("default", "orders", again, later, entry("r3", later)))).isTrue();
        assertThat(hooks.idempotent("default", "orders", "k1", later).orElseThrow().executionId()).isEqualTo("e3");
    }

    @Test
    void housekeeping_keeps_the_newest_entries_per_workflow() {
        for (int i = 0; i < 5; i++) {
            hooks.log(entry("r" + i, T0.plusSeconds(i)));
        }
        hooks.log(new RequestEntry("other", "default", "billing", T0, "POST", "/hooks/x", null, null, 401, null));
        assertThat(hooks.loggedWorkflows()).containsExactlyInAnyOrder(new RetentionStore.WorkflowKey("default",
                "orders"), new RetentionStore.WorkflowKey("default", "billing"));
        assertThat(cap(3)).isEqualTo(2); // r0 and r1 by count; billing's one entry stays
        assertThat(hooks.requests("default", "orders", 10)).extracting(RequestEntry::id)
                .containsExactly("r4", "r3", "r2");
        assertThat(hooks.requests("default", "billing", 10)).hasSize(1);
        hooks.log(entry("r5", T0.plusSeconds(5)));
        assertThat(cap(3)).isEqualTo(1);
        assertThat(hooks.requests("default", "orders", 10)).extracting(RequestEntry::id)
                .containsExactly("r5", "r4", "r3");
    }

    @Test
    void housekeeping_deletes_at_most_a_batch_per_write_oldest_first() {
        for (int i = 0; i < 7; i++) {
            hooks.log(entry("r" + i, T0.plusSeconds(i)));
        }
        RetentionStore.WorkflowKey orders = new RetentionStore.WorkflowKey("default", "orders");
        assertThat(hooks.capRequests(orders, 2, 3)).isEqualTo(3);
        assertThat(hooks.requests("default", "orders", 10)).extracting(RequestEntry::id)
                .containsExactly("r6", "r5", "r4", "r3");
        assertThat(hooks.capRequests(orders, 2, 3)).isEqualTo(2);
        assertThat(hooks.capRequests(orders, 2, 3)).isZero();
        assertThat(hooks.requests("default", "orders", 10)).extracting(RequestEntry::id).containsExactly("r6", "r5");
    }

    @Test
    void expired_idempotency_records_go_a_batch_at_a_time_and_live_ones_stay() {
        for (int i = 0; i < 4; i++) {
            Instant expires = T0.plus(Duration.ofMinutes(i < 3 ? 1 : 60));
            IdempotencyClaim claim = new IdempotencyClaim("k" + i, 202, null, expires);
            assertThat(executions.insert(Fixtures.execution("e" + i, T0, ExecutionStatus.NOT_STARTED), List.of(),
                    null, null, hooks.acceptedWrites("default", "orders", claim, T0, entry("r" + i, T0)))).isTrue();
        }
        Instant later = T0.plus(Duration.ofMinutes(5));
        assertThat(hooks.pruneExpiredKeys(later, 2)).isEqualTo(2);
        assertThat(hooks.pruneExpiredKeys(later, 2)).isEqualTo(1);
        assertThat(hooks.pruneExpiredKeys(later, 2)).isZero();
        assertThat(hooks.idempotent("default", "orders", "k3", later)).isPresent();
    }

    private int cap(int keep) {
        int n = 0;
        for (RetentionStore.WorkflowKey w : hooks.loggedWorkflows()) {
            n += hooks.capRequests(w, keep, 500);
        }
        return n;
    }

    @Test
    void a_capture_session_takes_one_request_only_until_it_expires_and_a_newer_session_replaces_it() {
        Instant expires = T0.plus(Duration.ofMinutes(3));
        hooks.openCapture("default/orders", "s1", expires);
        assertThat(hooks.openCaptures(T0)).containsEntry("default/orders", expires);
        assertThat(hooks.captured("s1")).isEmpty();

        assertThat(hooks.takeCapture("default/orders", Json.read("{\"n\": 1}"), T0)).contains("s1");
        assertThat(hooks.takeCapture("default/orders", Json.read("{\"n\": 2}"), T0)).isEmpty(); // one winner
        assertThat(hooks.captured("s1")).contains(Json.read("{\"n\": 1}"));
        assertThat(hooks.takeCapture("default/other", Json.read("{}"), T0)).isEmpty();

        hooks.openCapture("default/orders", "s2", expires); // a newer session: nothing taken yet
        assertThat(hooks.captured("s1")).isEmpty();
        hooks.closeCapture("default/orders", "s1"); // the older session's close leaves the newer one
        assertThat(hooks.openCaptures(T0)).containsOnlyKeys("default/orders");
        assertThat(hooks.takeCapture("default/orders", Json.read("{}"), expires)).isEmpty(); // expired
        assertThat(hooks.openCaptures(expires)).isEmpty();
        hooks.closeCapture("default/orders", "s2");
        assertThat(hooks.openCaptures(T0)).isEmpty();
    }
}
