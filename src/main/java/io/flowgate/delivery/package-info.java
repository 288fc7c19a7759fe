/**
 * Outbound webhooks (docs/webhooks-outbound.md): signing messages per Standard Webhooks ({@link io.flowgate.delivery.Signer}),
 * the retry schedule and how an answer is judged, auth rendering, per-workflow signing secrets, and the
 * {@link io.flowgate.delivery.DeliveryWorker} that claims due deliveries and sends them. The messages
 * themselves are built by the engine ({@code engine.worker.OutboundMessages}) and committed with the
 * transition that causes them; this package reads them back through the {@code DeliveryStore} port.
 * May import {@code core}, {@code workflow}, {@code expr}, {@code secrets} and the {@code store} ports;
 * never the engine, the HTTP framework or JDBC.
 */
package io.flowgate.delivery;
