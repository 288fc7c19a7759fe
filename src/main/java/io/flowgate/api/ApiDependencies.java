package io.flowgate.api;

import io.flowgate.auth.ApiKeys;
import io.flowgate.broker.Connections;
import io.flowgate.broker.EventSources;
import io.flowgate.cluster.NodeView;
import io.flowgate.config.Config;
import io.flowgate.delivery.SigningSecrets;
import io.flowgate.engine.Executions;
import io.flowgate.secrets.SecretService;
import io.flowgate.store.DeliveryStore;
import io.flowgate.store.EventStore;
import io.flowgate.trigger.event.Approvals;
import io.flowgate.trigger.event.EventIntake;
import io.flowgate.trigger.webhook.WebhookCredentials;
import io.flowgate.store.WorkflowStore;
import io.flowgate.trigger.schedule.Scheduler;
import io.flowgate.trigger.webhook.WebhookIntake;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Everything the API server needs, passed in by the composition root.
 *
 * @param schedules the node's scheduler; null when the API runs without one
 * @param ready answers whether the node finished starting (migrations, workflow loading); /readyz reports it
 * @param deliveries outbound webhooks (deliveries, signing secrets); null on a server without them
 * @param events custom events and approvals; null on a server without them
 * @param brokers broker connections and event sources; null on a server without them (no routes)
 * @param cluster the nodes of the cluster (GET /api/v1/cluster); null on a server without membership
 * @param storeTrouble why the node cannot write now (disk full, database unreachable), empty while it can;
 *                     /readyz reports it
 */
public record ApiDependencies(
        Config config,
        WorkflowStore workflows,
        DefinitionParser parser,
        Executions executions,
        SecretService secrets,
        ApiKeys keys,
        PrometheusMeterRegistry registry,
        BooleanSupplier ready,
        Clock clock,
        Scheduler schedules,
        WebhookIntake webhooks,
        Deliveries deliveries,
        Events events,
        Supplier<List<NodeView>> cluster,
        Brokers brokers,
        Supplier<java.util.Optional<String>> storeTrouble) {

    /** Custom events and approvals: the intake, stored events, approval decisions, workflow tokens. */
    public record Events(EventIntake intake, EventStore store, Approvals approvals, WebhookCredentials tokens) {}

    /** Broker connections and the event sources reading from them. */
    public record Brokers(Connections connections, EventSources sources) {}

    /** Outbound webhooks: the delivery store, signing secrets, and a hook that wakes the worker after a redelivery. */
    public record Deliveries(DeliveryStore store, SigningSecrets signing, Runnable wake) {}

    /** Without a scheduler, inbound or outbound webhooks (API tests over fakes): those routes answer the preview / 404. */
    public ApiDependencies(Config config, WorkflowStore workflows, DefinitionParser parser, Executions executions,
                           SecretService secrets, ApiKeys keys, PrometheusMeterRegistry registry, BooleanSupplier ready,
                           Clock clock) {
        this(config, workflows, parser, executions, secrets, keys, registry, ready, clock, null, null, null, null,
                null, null, java.util.Optional::empty);
    }
}
