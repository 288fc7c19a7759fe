package io.flowgate.store;

import java.time.Instant;

/**
 * One try at sending a delivery.
 *
 * @param statusCode null when nothing answered (refused, timed out, connection failed)
 * @param response   the start of the response body, secrets redacted
 * @param error      why the attempt failed, or null
 */
public record DeliveryAttempt(int n, Instant at, Integer statusCode, long latencyMillis, String response,
                              String error) {}
