package io.flowgate.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Flowgate's meters on one Prometheus registry. Tags are kept few and bounded (a trigger kind, a
 * step type) so that the number of series does not grow with workflows or executions; every meter also
 * carries the node id ({@code node}), one value per process.
 * Meter names are given without the Prometheus suffixes ({@code _total}, {@code _seconds}),
 * which the registry adds.
 */
public final class Metrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    /** Kept here because the meter reading it holds it weakly. */
    private volatile LongSupplier transientRetries;

    /** Every meter carries {@code node=<nodeId>}, so series from several nodes stay apart once scraped together. */
    public Metrics(String nodeId) {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), nodeId);
    }

    public Metrics(PrometheusMeterRegistry registry, String nodeId) {
        this.registry = registry;
        registry.config().commonTags("node", nodeId); // before any meter is registered: tags apply from here on
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        this.gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** {@code trigger}: manual | webhook | schedule | event | workflow. */
    public void executionStarted(String trigger) {
        counter("flowgate_executions_started", trigger).increment();
    }

    public void executionCompleted(String trigger) {
        counter("flowgate_executions_completed", trigger).increment();
    }

    public void executionFailed(String trigger) {
        counter("flowgate_executions_failed", trigger).increment();
    }

    public void stepFinished(String type, Duration took) {
        Timer.builder("flowgate_step_duration")
                .description("Time a step attempt took, by step type")
                .tag("type", type == null ? "unknown" : type)
                .register(registry)
                .record(took);
    }

    /** One store commit (group commit): how long it took and how many changes it carried. */
    public void commit(Duration took, int batchSize) {
        Timer.builder("flowgate_store_commit").description("Time one store commit took").register(registry)
                .record(took);
        DistributionSummary.builder("flowgate_store_batch_size").description("Changes per store commit")
                .register(registry).record(batchSize);
    }

    /** Registers the queue depth gauge (executions not yet terminal); call once. */
    public void queueDepth(LongSupplier depth) {
        Gauge.builder("flowgate_queue_depth", depth, d -> (double) d.getAsLong())
                .description("Executions not yet finished (schedules' upcoming runs not counted)")
                .strongReference(true)
                .register(registry);
    }

    /** A schedule slot ran {@code lateness} after its time; late when more than {@code lateAfter}. */
    public void scheduleFired(Duration lateness, Duration lateAfter) {
        // Client-side quantiles: the lateness SLO is a p99, and a bounded set of series per node.
        Timer.builder("flowgate_schedule_lateness").description("How long after its slot a scheduled run was durable")
                .publishPercentiles(0.5, 0.99).register(registry).record(lateness);
        if (lateness.compareTo(lateAfter) > 0) {
            Counter.builder("flowgate_schedule_slots_late").description("Schedule slots that ran late")
                    .register(registry).increment();
        }
    }

    /** Slots not run: {@code reason} is misfire (missed while down) or concurrency (previous run going). */
    public void scheduleSlotsNotRun(String reason, int slots) {
        if (slots > 0) {
            Counter.builder("flowgate_schedule_slots_missed").description("Schedule slots not run, by reason")
                    .tag("reason", reason).register(registry).increment(slots);
        }
    }

    /** Messages an event source fetched from its broker. */
    public void brokerMessages(String source, int messages) {
        Counter.builder("flowgate_source_messages").description("Messages an event source received from its broker")
                .tag("source", source).register(registry).increment(messages);
    }

    /** Messages an event source acknowledged to its broker (after the commit that holds their events). */
    public void brokerAcks(String source, int messages) {
        Counter.builder("flowgate_source_acks").description("Messages acknowledged to the broker after the commit")
                .tag("source", source).register(registry).increment(messages);
    }

    /** A broker or store failure of an event source (a reconnect, a batch handed back). */
    public void brokerError(String source) {
        Counter.builder("flowgate_source_errors").description("Event source failures (broker or store)")
                .tag("source", source).register(registry).increment();
    }

    /** Events accepted by the intake (repeats of a source and id not counted). */
    /** {@code kind}: executions | requests | events | deliveries (docs/operations.md#retention). */
    public void pruned(String kind, int rows) {
        if (rows > 0) {
            Counter.builder("flowgate_pruned").description("History rows deleted by retention").tag("kind", kind)
                    .register(registry).increment(rows);
        }
    }

    public void eventsAccepted(int events) {
        if (events > 0) {
            Counter.builder("flowgate_events_accepted").description("CloudEvents accepted (durable)")
                    .register(registry).increment(events);
        }
    }

    /** One processed event: how many runs it started and how many waiting steps it resumed. */
    public void eventMatched(int started, int resumed) {
        Counter.builder("flowgate_events_processed").description("Events processed").register(registry).increment();
        if (started + resumed > 0) {
            Counter.builder("flowgate_events_matched").description("Events that started or resumed at least one run")
                    .register(registry).increment();
        }
        if (started > 0) {
            Counter.builder("flowgate_event_runs_started").description("Runs started by event triggers")
                    .register(registry).increment(started);
        }
        if (resumed > 0) {
            Counter.builder("flowgate_event_waits_resumed").description("Waiting steps resumed by an event")
                    .register(registry).increment(resumed);
        }
    }

    /**
     * A guarded write of this node was refused because another node holds the row now (or drove it on): this
     * node had lost the lease. {@code kind}: execution | delivery | timer | event.
     */
    public void leaseLost(String kind) {
        Counter.builder("flowgate_lease_lost").description("Writes refused because another node took the lease over")
                .tag("kind", kind).register(registry).increment();
    }

    /** This node went longer than its lease without a heartbeat (paused, cut off from the database). */
    public void nodePaused(Duration silent) {
        Counter.builder("flowgate_node_pauses").description("Times this node went longer than its lease without a "
                + "heartbeat").register(registry).increment();
        Timer.builder("flowgate_node_pause").description("How long this node went without a heartbeat, when longer "
                + "than its lease").register(registry).record(silent);
    }

    /** Registers the gauge of steps waiting for an event or a decision; call once. */
    public void waitingSteps(LongSupplier waiting) {
        Gauge.builder("flowgate_waiting_steps", waiting, d -> (double) d.getAsLong())
                .description("Steps waiting for an event or an approval").strongReference(true).register(registry);
    }

    /**
     * Registers the count of group commits rolled back by a deadlock or serialization failure and run
     * again; above zero means a write broke the lock rule (docs/architecture.md). Call once.
     */
    public void storeTransientRetries(LongSupplier retries) {
        this.transientRetries = retries; // the meter holds its source weakly
        io.micrometer.core.instrument.FunctionCounter.builder("flowgate_store_transient_retries", retries,
                        r -> (double) r.getAsLong())
                .description("Group commits rolled back by PostgreSQL (deadlock, serialization) and run again")
                .register(registry);
    }

    private volatile List<LongSupplier> signalSources = List.of();

    /** Registers the counters of the PostgreSQL signal listener (other nodes' wake-ups); call once. */
    public void signals(LongSupplier received, LongSupplier reconnects) {
        signalSources = List.of(received, reconnects); // function counters hold their source weakly
        io.micrometer.core.instrument.FunctionCounter.builder("flowgate_signals_received", received,
                        r -> (double) r.getAsLong())
                .description("Signals (wake-ups) received from other nodes over LISTEN/NOTIFY").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("flowgate_signal_reconnects", reconnects,
                        r -> (double) r.getAsLong())
                .description("Times the LISTEN connection was re-established (signals may have been lost)")
                .register(registry);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    private Counter counter(String name, String trigger) {
        return Counter.builder(name).tag("trigger", trigger == null ? "unknown" : trigger).register(registry);
    }

    @Override
    public void close() {
        gcMetrics.close();
    }
}
