package io.flowgate;

import io.flowgate.api.ApiDependencies;
import io.flowgate.api.ApiServer;
import io.flowgate.api.StatusDocuments;
import io.flowgate.auth.AdminKeyFile;
import io.flowgate.auth.ApiKeys;
import io.flowgate.broker.BrokerDriver;
import io.flowgate.broker.BrokerKind;
import io.flowgate.broker.BrokerListener;
import io.flowgate.broker.BrokerPublisher;
import io.flowgate.broker.Connections;
import io.flowgate.broker.EventSources;
import io.flowgate.broker.amqp.AmqpDriver;
import io.flowgate.broker.mqtt.MqttDriver;
import io.flowgate.broker.nats.NatsDriver;
import io.flowgate.cluster.LostLeases;
import io.flowgate.cluster.Membership;
import io.flowgate.cluster.MembershipListener;
import io.flowgate.config.Config;
import io.flowgate.core.LeaseLoss;
import io.flowgate.core.LeaseOwner;
import io.flowgate.core.OutboundPolicy;
import io.flowgate.core.TriggerKind;
import io.flowgate.core.ValidationException;
import io.flowgate.delivery.DeliverySettings;
import io.flowgate.delivery.DeliveryWorker;
import io.flowgate.delivery.SigningSecrets;
import io.flowgate.engine.EngineListener;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.StepStatus;
import io.flowgate.engine.steps.StepTypes;
import io.flowgate.engine.worker.Engine;
import io.flowgate.engine.worker.EngineSettings;
import io.flowgate.ops.Metrics;
import io.flowgate.retention.Pruner;
import io.flowgate.retention.RetentionSettings;
import io.flowgate.secrets.SecretCipher;
import io.flowgate.secrets.SecretService;
import io.flowgate.store.ClusterSignals;
import io.flowgate.store.Signal;
import io.flowgate.store.WorkflowStore;
import io.flowgate.store.jdbc.Database;
import io.flowgate.store.jdbc.JdbcBrokerStore;
import io.flowgate.store.jdbc.JdbcApiKeyStore;
import io.flowgate.store.jdbc.JdbcDeliveryStore;
import io.flowgate.store.jdbc.JdbcEventStore;
import io.flowgate.store.jdbc.JdbcExecutionStore;
import io.flowgate.store.jdbc.JdbcNodeStore;
import io.flowgate.store.jdbc.JdbcRetentionStore;
import io.flowgate.store.jdbc.JdbcScheduleStore;
import io.flowgate.store.jdbc.JdbcSecretStore;
import io.flowgate.store.jdbc.JdbcSigningSecretStore;
import io.flowgate.store.jdbc.JdbcWaitStore;
import io.flowgate.store.jdbc.JdbcWebhookStore;
import io.flowgate.store.jdbc.JdbcWorkflowStore;
import io.flowgate.trigger.TriggerValidation;
import io.flowgate.trigger.schedule.ScheduleListener;
import io.flowgate.trigger.schedule.Scheduler;
import io.flowgate.trigger.schedule.SchedulerSettings;
import io.flowgate.trigger.event.Approvals;
import io.flowgate.trigger.event.EventIntake;
import io.flowgate.trigger.event.EventListener;
import io.flowgate.trigger.event.EventProcessor;
import io.flowgate.trigger.event.EventTriggerIndex;
import io.flowgate.trigger.event.EventWaits;
import io.flowgate.trigger.webhook.WebhookCredentials;
import io.flowgate.trigger.webhook.WebhookIntake;
import io.flowgate.workflow.WorkflowFiles;
import io.flowgate.workflow.WorkflowParser;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part from the {@link Config}, in dependency order, and
 * stops them in reverse. Nothing else in Flowgate constructs services.
 */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final Config config;
    private final Database database;
    private final Metrics metrics;
    private final Engine engine;
    private final Scheduler scheduler;
    private final DeliveryWorker deliveries;
    private final ApiServer api;
    private final WebhookIntake webhooks;
    private final EventProcessor events;
    private final EventSources sources;
    private final Map<BrokerKind, BrokerDriver> drivers;
    private final Membership membership;
    private final Pruner pruner;
    private final Path adminKeyFile;
    private volatile boolean ready;

    private App(Config config, Map<String, String> env, Clock clock) throws Exception {
        this.config = config;
        Files.createDirectories(config.dataDir());
        this.metrics = new Metrics(config.nodeId());
        this.database = Database.open(Database.Settings.of(config.jdbcUrl())
                .withListener((units, nanos) -> metrics.commit(Duration.ofNanos(nanos), units)));
        metrics.storeTransientRetries(database.writes()::transientRetries);
        SecretCipher cipher = SecretCipher.load(env, config.dataDir());
        JdbcSecretStore secretStore = new JdbcSecretStore(database, clock);
        try {
            SecretService.checkKey(secretStore, cipher, env.containsKey(SecretCipher.ENV_MASTER_KEY)
                    ? SecretCipher.ENV_MASTER_KEY : config.dataDir().resolve(SecretCipher.MASTER_KEY_FILE).toString());
        } catch (IllegalStateException wrongKey) {
            database.close();
            throw wrongKey;
        }
        // Other nodes' wake-ups (PostgreSQL LISTEN/NOTIFY); silent with SQLite. Before any store writes.
        ClusterSignals signals = database.signals(config.nodeId());
        database.pgSignals().ifPresent(pg -> metrics.signals(pg::received, pg::reconnects));
        // Membership gives this life of the node its epoch: one lease owner token for every part of the node
        // (engine, claim loop, schedules, deliveries, events), so nothing an earlier life held can be written.
        JdbcNodeStore nodes = new JdbcNodeStore(database);
        MembershipListener membershipListener = membershipListener(metrics);
        this.membership = new Membership(nodes, new Membership.Settings(config.nodeId(), initialAddress(config),
                productVersion(), config.leaseDuration()), clock, membershipListener);
        LeaseOwner owner = membership.join();
        LeaseLoss leaseLoss = new LostLeases(nodes, owner, membershipListener);
        JdbcExecutionStore executions = new JdbcExecutionStore(database);
        JdbcWorkflowStore workflows = new JdbcWorkflowStore(database, clock);
        SecretService secrets = new SecretService(secretStore, cipher, clock);
        ApiKeys keys = new ApiKeys(new JdbcApiKeyStore(database), clock);
        StepTypes stepTypes = StepTypes.discover();
        WorkflowParser parser = new WorkflowParser(stepTypes, TriggerValidation.all());
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        OutboundPolicy outbound = new OutboundPolicy(config.allowOutbound());
        JdbcDeliveryStore deliveryStore = new JdbcDeliveryStore(database);
        SigningSecrets signing = new SigningSecrets(new JdbcSigningSecretStore(database), cipher, clock);
        this.deliveries = new DeliveryWorker(deliveryStore, signing, http, outbound, secrets::all, clock,
                DeliverySettings.defaults(owner, config.leaseDuration()));
        this.engine = new Engine(new EngineSettings(owner, config.leaseDuration(), config.workerConcurrency(),
                EngineSettings.DEFAULT_POLL_INTERVAL), executions, workflows, stepTypes, clock, secrets::all, http,
                outbound, listener(metrics, deliveries::wake));
        metrics.queueDepth(executions::countActive);
        this.scheduler = new Scheduler(SchedulerSettings.defaults(owner, config.leaseDuration()),
                new JdbcScheduleStore(database), engine, workflows, clock, scheduleListener(metrics));
        engine.listenTo(signals);
        engine.gate(scheduler); // schedule slots are deferred executions on the engine's timer
        // Edges save through this view, so a saved or deleted workflow re-synchronises its schedules at once.
        WorkflowStore scheduledWorkflows = scheduler.watching(workflows);
        this.adminKeyFile = config.dataDir().resolve(AdminKeyFile.FILE_NAME);
        AdminKeyFile.ensure(keys, adminKeyFile);
        loadWorkflowFiles(parser, scheduledWorkflows);
        JdbcWebhookStore webhookStore = new JdbcWebhookStore(database);
        WebhookCredentials webhookCredentials = new WebhookCredentials(webhookStore, cipher, clock);
        this.webhooks = new WebhookIntake(workflows, engine, webhookStore, webhookCredentials, secrets::all, clock,
                new StatusDocuments(clock)::full);
        // Custom events: the intake stores, the processor starts triggered runs and resumes waiting steps.
        JdbcEventStore eventStore = new JdbcEventStore(database);
        JdbcWaitStore waitStore = new JdbcWaitStore(database);
        EventListener eventListener = eventListener(metrics);
        this.events = new EventProcessor(eventStore, waitStore, new EventTriggerIndex(workflows), engine,
                engine::woken, clock, owner, config.leaseDuration(), eventListener);
        signals.subscribe(EnumSet.of(Signal.Kind.EVENT), ClusterSignals.Listener.waking(events::wake));
        signals.subscribe(EnumSet.of(Signal.Kind.DELIVERY), ClusterSignals.Listener.waking(deliveries::wake));
        // Rate limits are shared by the live nodes, as the heartbeat last counted them.
        webhooks.joinCluster(signals, membership::liveNodes);
        engine.waits(new EventWaits(eventStore, waitStore, clock, events::wake));
        metrics.waitingSteps(waitStore::countOpen);
        EventIntake eventIntake = new EventIntake(eventStore, clock, eventListener, events::wake);
        // Brokers: connections, event sources feeding the same intake, and the publish step's way out.
        this.drivers = Map.of(BrokerKind.NATS, new NatsDriver(), BrokerKind.AMQP, new AmqpDriver(),
                BrokerKind.MQTT, new MqttDriver());
        Connections connections = new Connections(new JdbcBrokerStore(database), cipher, clock, drivers);
        this.sources = new EventSources(new JdbcBrokerStore(database), connections, eventIntake,
                brokerListener(metrics), clock, owner, config.leaseDuration(), EventSources.syncEvery(config.leaseDuration()));
        engine.publisher(new BrokerPublisher(connections));
        ApiDependencies.Events eventApi = new ApiDependencies.Events(eventIntake, eventStore,
                new Approvals(waitStore, clock, engine::woken), webhookCredentials);
        this.api = new ApiServer(new ApiDependencies(config, scheduledWorkflows,
                (type, text) -> parser.parse(text, WorkflowParser.Format.detect(type, text)), engine, secrets, keys,
                metrics.registry(), () -> ready, clock, scheduler, webhooks,
                new ApiDependencies.Deliveries(deliveryStore, signing, deliveries::wake), eventApi,
                membership::nodes, new ApiDependencies.Brokers(connections, sources),
                database.writes()::unavailableReason));
        // Retention: one node prunes at a time (the lowest live id); two at once would only skip each other's rows.
        this.pruner = new Pruner(new JdbcRetentionStore(database, eventStore), workflows, clock,
                RetentionSettings.keeping(config.retention()), (kind, rows) -> metrics.pruned(kind.wire(), rows),
                () -> isPruningNode(membership, config.nodeId()));
        engine.leaseLoss(leaseLoss);
        scheduler.leaseLoss(leaseLoss);
        deliveries.leaseLoss(leaseLoss);
        events.leaseLoss(leaseLoss);
        membership.onBeat(events::renewClaims);
        membership.wakeClaimersWith(() -> {
            engine.woken();
            deliveries.wake();
            events.wake();
        });
        engine.start();
        scheduler.start();
        webhooks.start();
        events.start();
        deliveries.start();
        // Sources as files, applied at start as workflow files are: the sources/ folder of the workflows directory.
        sources.applyFiles(config.workflowsDir().resolve("sources"));
        sources.start();
        pruner.start();
        api.start();
        membership.announce(api.publicUrl());
        membership.start();
        ready = true;
    }

    /** Starts a node; returns once it serves requests. */
    public static App start(Config config) throws Exception {
        return new App(config, System.getenv(), Clock.systemUTC());
    }

    public static App start(Config config, Map<String, String> env) throws Exception {
        return new App(config, env, Clock.systemUTC());
    }

    /** With a given clock: tests move a settable one to reach timeouts without waiting. */
    public static App start(Config config, Map<String, String> env, Clock clock) throws Exception {
        return new App(config, env, clock);
    }

    /** {@code ./flowgate serve}: runs until SIGTERM/SIGINT, then shuts down gracefully. */
    public static void runUntilStopped(Config config) throws Exception {
        long started = System.nanoTime();
        LOG.info("Starting: {}", io.flowgate.config.ConfigLoader.describe(config));
        App app = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "flowgate-shutdown"));
        System.out.printf("Flowgate ready at %s (admin API key: %s) in %d ms%n", app.url(),
                app.adminKeyFile().toAbsolutePath(), (System.nanoTime() - started) / 1_000_000);
        stopped.await();
    }

    private void loadWorkflowFiles(WorkflowParser parser, WorkflowStore workflows) {
        for (WorkflowFiles.WorkflowFile file : WorkflowFiles.list(config.workflowsDir())) {
            try {
                var definition = parser.parse(file.text(), WorkflowFiles.format(file.path()));
                var latest = workflows.latest(definition.team(), definition.id());
                if (latest.isPresent() && latest.get().source().equals(file.text())) {
                    continue; // unchanged since the last start: no new revision
                }
                var saved = workflows.save(definition, file.text());
                LOG.info("Loaded {} as {}/{} revision {}", file.path(), definition.team(), definition.id(),
                        saved.revision().revision());
            } catch (ValidationException e) {
                LOG.error("Skipped {}: {}", file.path(), e.problems());
            }
        }
    }

    private static boolean isPruningNode(Membership membership, String nodeId) {
        return membership.nodes().stream().filter(io.flowgate.cluster.NodeView::alive)
                .map(io.flowgate.cluster.NodeView::id).min(String::compareTo).map(nodeId::equals).orElse(true);
    }

    /** The configured public URL, else host and port; corrected with the bound port once the API starts. */
    private static String initialAddress(Config config) {
        return config.publicUrl() != null ? config.publicUrl() : "http://" + config.host() + ":" + config.port();
    }

    /** The version in the jar's manifest; "dev" when running from classes (tests, an IDE). */
    private static String productVersion() {
        String v = App.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static MembershipListener membershipListener(Metrics metrics) {
        return new MembershipListener() {
            @Override
            public void paused(Duration silent) {
                metrics.nodePaused(silent);
            }

            @Override
            public void leaseLost(LeaseLoss.Kind kind) {
                metrics.leaseLost(kind.wire());
            }
        };
    }

    private static ScheduleListener scheduleListener(Metrics metrics) {
        return new ScheduleListener() {
            @Override
            public void fired(Duration lateness) {
                metrics.scheduleFired(lateness, SchedulerSettings.LATE_AFTER);
            }

            @Override
            public void missed(int slots) {
                metrics.scheduleSlotsNotRun("misfire", slots);
            }

            @Override
            public void skipped(int slots) {
                metrics.scheduleSlotsNotRun("concurrency", slots);
            }
        };
    }

    private static BrokerListener brokerListener(Metrics metrics) {
        return new BrokerListener() {
            @Override
            public void received(String source, int messages) {
                metrics.brokerMessages(source, messages);
            }

            @Override
            public void acked(String source, int messages) {
                metrics.brokerAcks(source, messages);
            }

            @Override
            public void failed(String source) {
                metrics.brokerError(source);
            }
        };
    }

    private static EventListener eventListener(Metrics metrics) {
        return new EventListener() {
            @Override
            public void accepted(int count) {
                metrics.eventsAccepted(count);
            }

            @Override
            public void matched(int started, int resumed) {
                metrics.eventMatched(started, resumed);
            }
        };
    }

    private static EngineListener listener(Metrics metrics, Runnable deliveriesQueued) {
        return new EngineListener() {
            @Override
            public void deliveriesQueued(int count) {
                deliveriesQueued.run();
            }

            @Override
            public void executionStarted(TriggerKind trigger) {
                metrics.executionStarted(trigger.wire());
            }

            @Override
            public void executionEnded(ExecutionStatus status, Duration duration) {
                if (status == ExecutionStatus.COMPLETED) {
                    metrics.executionCompleted(null);
                } else if (status == ExecutionStatus.FAILURE) {
                    metrics.executionFailed(null);
                }
            }

            @Override
            public void stepFinished(String type, StepStatus status, Duration duration) {
                metrics.stepFinished(type, duration);
            }
        };
    }

    public int port() {
        return api.port();
    }

    public String url() {
        return "http://" + config.host() + ":" + port();
    }

    public Path adminKeyFile() {
        return adminKeyFile;
    }

    public String adminKey() throws java.io.IOException {
        return Files.readString(adminKeyFile).trim();
    }

    public Engine engine() {
        return engine;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public Membership membership() {
        return membership;
    }

    /** Every route the server answers, with the role each needs (the authorization matrix test covers them all). */
    public java.util.List<io.flowgate.api.DeclaredRoute> routeTable() {
        return api.routeTable();
    }

    /** The retention pruner; tests run a round with a moved clock. */
    public Pruner pruner() {
        return pruner;
    }

    /** Graceful: stop taking requests, let running steps finish or hand them back, then close the store. */
    @Override
    public synchronized void close() {
        if (!ready) {
            return;
        }
        ready = false;
        api.stop();
        pruner.close();
        webhooks.close();
        sources.close(); // before the store: a batch in flight commits or is handed back, never acked unstored
        events.close();
        engine.close();
        drivers.values().forEach(BrokerDriver::close);
        deliveries.close();
        membership.close(); // after the leases were given up: reads as not alive at once
        database.close();
        metrics.close();
    }
}
