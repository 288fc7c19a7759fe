package io.flowgate.api;

import io.flowgate.auth.ApiKeys;
import io.flowgate.config.Config;
import io.flowgate.engine.Executions;
import io.flowgate.secrets.SecretService;
import io.flowgate.store.WorkflowStore;
import io.flowgate.trigger.schedule.Scheduler;
import io.flowgate.trigger.webhook.WebhookIntake;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * Everything the API server needs, passed in by the composition root.
 *
 * @param schedules the node's scheduler; null when the API runs without one
 * @param ready answers whether the node finished starting (migrations, workflow loading); /readyz reports it
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
        WebhookIntake webhooks) {

    /** Without a scheduler or inbound webhooks (API tests over fakes): those routes answer the preview / 404. */
    public ApiDependencies(Config config, WorkflowStore workflows, DefinitionParser parser, Executions executions,
                           SecretService secrets, ApiKeys keys, PrometheusMeterRegistry registry, BooleanSupplier ready,
                           Clock clock) {
        this(config, workflows, parser, executions, secrets, keys, registry, ready, clock, null, null);
    }
}
