/**
 * Inbound webhooks (docs/triggers.md): the trigger's settings as parsed from {@code triggers.webhook}, the
 * decisions taken for one request (auth, body parsing, parameters, condition, idempotency, the
 * response mode) and {@link io.flowgate.trigger.webhook.WebhookIntake}, which carries them out.
 * No HTTP framework or JDBC types: the API package adapts HTTP requests to {@link
 * io.flowgate.trigger.webhook.InboundRequest} and writes {@link io.flowgate.trigger.webhook.WebhookReply}s back.
 * May import core, expr, workflow, engine (the {@code Executions} port), store (ports), secrets.
 */
package io.flowgate.trigger.webhook;
