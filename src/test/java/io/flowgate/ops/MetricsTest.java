package io.flowgate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void exposes_the_engine_and_store_meters_in_prometheus_form() {
        try (Metrics metrics = new Metrics("node-a")) {
            AtomicLong depth = new AtomicLong(7);
            metrics.queueDepth(depth::get);
            metrics.executionStarted("manual");
            metrics.executionStarted("manual");
            metrics.executionCompleted("manual");
            metrics.executionFailed("webhook");
            metrics.stepFinished("http", Duration.ofMillis(250));
            metrics.commit(Duration.ofMillis(3), 12);

            String text = metrics.scrape();
            assertThat(text).contains("flowgate_executions_started_total{node=\"node-a\",trigger=\"manual\"} 2.0");
            assertThat(text).contains("flowgate_executions_completed_total{node=\"node-a\",trigger=\"manual\"} 1.0");
            assertThat(text).contains("flowgate_executions_failed_total{node=\"node-a\",trigger=\"webhook\"} 1.0");
            assertThat(text).contains("flowgate_step_duration_seconds_count{node=\"node-a\",type=\"http\"} 1");
            assertThat(text).contains("flowgate_store_commit_seconds_count{node=\"node-a\"} 1");
            assertThat(text).contains("flowgate_store_batch_size_sum{node=\"node-a\"} 12.0");
            assertThat(text).contains("flowgate_queue_depth{node=\"node-a\"} 7.0");
            assertThat(text).containsPattern("jvm_memory_used_bytes\\{.*node=\"node-a\"");
            depth.set(3);
            assertThat(metrics.scrape()).contains("flowgate_queue_depth{node=\"node-a\"} 3.0");
        }
    }

    @Test
    void lost_leases_and_pauses_are_counted_under_their_fixed_names() {
        try (Metrics metrics = new Metrics("node-b")) {
            metrics.leaseLost("execution");
            metrics.leaseLost("execution");
            metrics.leaseLost("event");
            metrics.nodePaused(Duration.ofSeconds(20));

            String text = metrics.scrape();
            assertThat(text).contains("flowgate_lease_lost_total{kind=\"execution\",node=\"node-b\"} 2.0");
            assertThat(text).contains("flowgate_lease_lost_total{kind=\"event\",node=\"node-b\"} 1.0");
            assertThat(text).contains("flowgate_node_pauses_total{node=\"node-b\"} 1.0");
        }
    }
}
