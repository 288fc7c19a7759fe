/**
 * Outbound webhooks (docs/webhooks-outbound.md): building messages from step transitions ({@link io.flowgate.delivery.Messages},
 * pure), signing them per Standard Webhooks ({@link io.flowgate.delivery.Signer}), the retry schedule
 * and how an answer is judged, auth rendering, per-workflow signing secrets, and the
 * {@link io.flowgate.delivery.DeliveryWorker} that claims due deliveries and sends them.
 * May import {@code core}, {@code workflow}, {@code expr}, {@code engine} model records, {@code secrets}
 * and the {@code store} ports; never the HTTP framework or JDBC.
 */
package io.flowgate.delivery;
