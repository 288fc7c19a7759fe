package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Json;
import io.flowgate.core.NotFoundException;
import io.flowgate.store.WorkflowStore.Saved;
import io.flowgate.workflow.RetryPolicy;
import io.flowgate.workflow.StepDefinition;
import io.flowgate.workflow.StepWebhook;
import io.flowgate.workflow.Triggers;
import io.flowgate.workflow.WorkflowDefinition;
import io.flowgate.workflow.WorkflowRevision;
import io.flowgate.workflow.WorkflowSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link io.flowgate.store.WorkflowStore}: revisions, hook ids, team scoping. */
abstract class WorkflowStoreContract extends DatabaseContract {
    JdbcWorkflowStore store;

    @BeforeEach
    void createStore() {
        store = new JdbcWorkflowStore(db, clock);
    }

    static WorkflowDefinition definition(String team, String id, String name) {
        ObjectNode http = (ObjectNode) Json.read("""
                {"request":{"url":"https://example.com/{{ trigger.body.id }}","headers":{"X-A":"1"}},
                 "expect":[200,201],"ratio":0.25,"flag":true,"nothing":null}""");
        ObjectNode webhookConfig = (ObjectNode) Json.read("{\"auth\":{\"type\":\"hmac\"},\"retry\":{\"max\":5}}");
        RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(1500), 3.0, Duration.ofMinutes(2), 0.1);
        StepDefinition fetch = new StepDefinition("fetch", "Fetch order", "http", List.of(), null, retry,
                Duration.ofSeconds(45), List.of(new StepWebhook("audit", List.of("created", "completed"),
                        "https://hooks.example.com/audit", webhookConfig)), http);
        StepDefinition transform = new StepDefinition("shape", null, "transform", List.of("fetch"),
                "$exists(steps.fetch.outputs)", null, null, List.of(), (ObjectNode) Json.read("{\"output\":\"x\"}"));
        Triggers triggers = new Triggers(true, Json.read("{\"auth\":{\"type\":\"bearer\"}}"),
                Json.read("{\"cron\":\"0 * * * *\",\"timezone\":\"Europe/Paris\"}"), null);
        return new WorkflowDefinition(id, name, team, "Moves orders along", triggers, List.of(fetch, transform));
    }

    @Test
    void the_first_save_creates_the_workflow_and_later_saves_add_revisions() {
        Saved first = store.save(definition("default", "orders", "Orders"), "id: orders\n");
        clock.advance(Duration.ofSeconds(5));
        Saved second = store.save(definition("default", "orders", "Orders v2"), "id: orders # v2\n");

        assertThat(first.created()).isTrue();
        assertThat(first.revision().revision()).isEqualTo(1);
        assertThat(second.created()).isFalse();
        assertThat(second.revision().revision()).isEqualTo(2);
        assertThat(second.summary().hookId()).isEqualTo(first.summary().hookId());
        WorkflowSummary summary = store.find("default", "orders").orElseThrow();
        assertThat(summary).isEqualTo(second.summary());
        assertThat(summary.name()).isEqualTo("Orders v2");
        assertThat(summary.createdAt()).isEqualTo(T0);
        assertThat(summary.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(summary.latestRevision()).isEqualTo(2);
    }

    @Test
    void a_revision_round_trips_its_definition_and_source() {
        WorkflowDefinition def = definition("team-a", "orders", "Orders");
        Saved saved = store.save(def, "source: as submitted\n");

        WorkflowRevision stored = store.revision("team-a", "orders", 1).orElseThrow();

        assertThat(stored).isEqualTo(saved.revision());
        assertThat(stored.definition()).isEqualTo(def);
        assertThat(stored.definition().steps().getFirst().retry().backoff()).isEqualTo(Duration.ofMillis(1500));
        assertThat(stored.source()).isEqualTo("source: as submitted\n");
        assertThat(stored.createdAt()).isEqualTo(T0);
    }

    @Test
    void latest_and_revisions_follow_the_saves() {
        store.save(definition("default", "orders", "One"), "1");
        store.save(definition("default", "orders", "Two"), "2");
        store.save(definition("default", "orders", "Three"), "3");

        assertThat(store.latest("default", "orders").orElseThrow().definition().name()).isEqualTo("Three");
        assertThat(store.revisions("default", "orders")).extracting(WorkflowRevision::revision).containsExactly(1, 2, 3);
        assertThat(store.revision("default", "orders", 4)).isEmpty();
        assertThat(store.latest("default", "missing")).isEmpty();
        assertThat(store.revisions("other", "orders")).isEmpty();
    }

    @Test
    void concurrent_saves_of_one_workflow_get_distinct_revisions() throws Exception {
        int saves = 40;
        List<Future<Saved>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < saves; i++) {
                String name = "save " + i;
                futures.add(pool.submit(() -> store.save(definition("default", "orders", name), name)));
            }
        }
        List<Integer> revisions = new ArrayList<>();
        long created = 0;
        for (Future<Saved> f : futures) {
            revisions.add(f.get().revision().revision());
            created += f.get().created() ? 1 : 0;
        }

        assertThat(revisions).doesNotHaveDuplicates().hasSize(saves).allMatch(r -> r >= 1 && r <= saves);
        assertThat(created).isEqualTo(1);
        assertThat(store.revisions("default", "orders")).hasSize(saves);
        assertThat(store.find("default", "orders").orElseThrow().latestRevision()).isEqualTo(saves);
    }

    @Test
    void the_hook_id_finds_the_workflow_until_it_is_regenerated() {
        String hookId = store.save(definition("default", "orders", "Orders"), "x").summary().hookId();

        assertThat(hookId).hasSizeGreaterThanOrEqualTo(32);
        assertThat(store.findByHookId(hookId)).map(WorkflowSummary::id).contains("orders");

        String fresh = store.regenerateHookId("default", "orders");

        assertThat(fresh).isNotEqualTo(hookId);
        assertThat(store.findByHookId(hookId)).isEmpty();
        assertThat(store.findByHookId(fresh)).map(WorkflowSummary::id).contains("orders");
        assertThatThrownBy(() -> store.regenerateHookId("default", "missing")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void workflow_ids_are_scoped_by_team() {
        store.save(definition("zeta", "orders", "Z orders"), "x");
        store.save(definition("alpha", "orders", "A orders"), "x");
        store.save(definition("alpha", "billing", "A billing"), "x");
        store.save(definition(null, "misc", "No team"), "x");

        assertThat(store.findById("orders")).extracting(WorkflowSummary::team).containsExactly("alpha", "zeta");
        assertThat(store.find("zeta", "billing")).isEmpty();
        assertThat(store.find(WorkflowDefinition.DEFAULT_TEAM, "misc")).isPresent();
        assertThat(store.list(null)).extracting(s -> s.team() + "/" + s.id())
                .containsExactly("alpha/billing", "alpha/orders", "default/misc", "zeta/orders");
        assertThat(store.list(List.of("zeta", "alpha"))).extracting(s -> s.team() + "/" + s.id())
                .containsExactly("alpha/billing", "alpha/orders", "zeta/orders");
        assertThat(store.list(List.of())).isEmpty();
    }

    @Test
    void delete_removes_the_workflow_and_its_revisions() {
        String hookId = store.save(definition("default", "orders", "Orders"), "x").summary().hookId();
        store.save(definition("default", "orders", "Orders"), "y");
        store.save(definition("default", "billing", "Billing"), "x");

        assertThat(store.delete("default", "orders")).isTrue();
        assertThat(store.delete("default", "orders")).isFalse();

        assertThat(store.find("default", "orders")).isEmpty();
        assertThat(store.findByHookId(hookId)).isEmpty();
        assertThat(store.revisions("default", "orders")).isEmpty();
        assertThat(store.find("default", "billing")).isPresent();
        Saved again = store.save(definition("default", "orders", "Orders"), "z");
        assertThat(again.created()).isTrue();
        assertThat(again.revision().revision()).isEqualTo(1);
    }

    @Test
    void lookups_by_id_and_hook_id_see_every_change_at_once() {
        assertThat(store.findById("orders")).isEmpty();
        String hookId = store.save(definition("default", "orders", "Orders"), "1").summary().hookId();
        assertThat(store.findById("orders")).extracting(WorkflowSummary::latestRevision).containsExactly(1);
        assertThat(store.findByHookId(hookId)).map(WorkflowSummary::latestRevision).contains(1);

        store.save(definition("default", "orders", "Orders"), "2");
        assertThat(store.findById("orders")).extracting(WorkflowSummary::latestRevision).containsExactly(2);
        assertThat(store.findByHookId(hookId)).map(WorkflowSummary::latestRevision).contains(2);

        String fresh = store.regenerateHookId("default", "orders");
        assertThat(store.findByHookId(hookId)).isEmpty();
        assertThat(store.findById("orders")).extracting(WorkflowSummary::hookId).containsExactly(fresh);

        store.delete("default", "orders");
        assertThat(store.findById("orders")).isEmpty();
        assertThat(store.findByHookId(fresh)).isEmpty();
    }
}
