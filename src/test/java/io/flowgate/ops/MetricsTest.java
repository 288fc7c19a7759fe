package io.flowgate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void exposes_the_engine_and_store_meters_in_prometheus_form() {
        try (Metrics metrics = new Metrics()) {
            AtomicLong depth = new AtomicLong(7);
            metrics.queueDepth(depth::get);
            metrics.executionStarted("manual");
            metrics.executionStarted("manual");
            metrics.executionCompleted("manual");
            metrics.executionFailed("webhook");
            metrics.stepFinished("http", Duration.ofMillis(250));
            metrics.commit(Duration.ofMillis(3), 12);

            String text = metrics.scrape();
            assertThat(text).contains("flowgate_executions_started_total{trigger=\"manual\"} 2.0");
            assertThat(text).contains("flowgate_executions_completed_total{trigger=\"manual\"} 1.0");
            assertThat(text).contains("flowgate_executions_failed_total{trigger=\"webhook\"} 1.0");
            assertThat(text).contains("flowgate_step_duration_seconds_count{type=\"http\"} 1");
            assertThat(text).contains("flowgate_store_commit_seconds_count 1");
            assertThat(text).contains("flowgate_store_batch_size_sum 12.0");
            assertThat(text).contains("flowgate_queue_depth 7.0");
            assertThat(text).contains("jvm_memory_used_bytes");
            depth.set(3);
            assertThat(metrics.scrape()).contains("flowgate_queue_depth 3.0");
        }
    }
}
