package io.flowgate.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.FlowgateException;
import io.flowgate.core.Json;
import io.flowgate.core.OutboundPolicy;
import io.flowgate.expr.Redactor;
import io.flowgate.store.Delivery;
import io.flowgate.store.DeliveryAttempt;
import io.flowgate.store.DeliveryStatus;
import io.flowgate.store.DeliveryStore.Result;
import io.flowgate.workflow.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Makes one attempt at a delivery and says what became of it: the request (rendered auth, SSRF
 * check, Standard Webhooks headers), the answer judged by {@link Verdict}, the next retry from the
 * webhook's {@link RetrySchedule}. Never throws: every failure is an attempt result.
 */
final class Sender {
    static final int EXCERPT_BYTES = 1024;

    private final HttpClient http;
    private final OutboundPolicy policy;
    private final SigningSecrets signing;
    private final Supplier<Map<String, String>> secrets;
    private final Clock clock;
    private final DeliverySettings settings;

    Sender(HttpClient http, OutboundPolicy policy, SigningSecrets signing, Supplier<Map<String, String>> secrets,
           Clock clock, DeliverySettings settings) {
        this.http = http;
        this.policy = policy;
        this.signing = signing;
        this.secrets = secrets;
        this.clock = clock;
        this.settings = settings;
    }

    Result attempt(Delivery d) {
        Map<String, String> values = secrets.get();
        Redactor redactor = Redactor.of(values.values());
        Instant at = clock.instant();
        long started = System.nanoTime();
        JsonNode config = Json.read(d.config());
        Duration timeout = config.hasNonNull("timeout")
                ? Durations.parse(config.get("timeout").asText()).orElse(settings.defaultTimeout())
                : settings.defaultTimeout();
        Integer code = null;
        String excerpt = null;
        Verdict verdict;
        try {
            Outgoing out = Outgoing.prepare(d.url(), d.config(), d.payload(), values, clock);
            policy.check(out.uri());
            long timestamp = at.getEpochSecond();
            HttpRequest.Builder request = HttpRequest.newBuilder(out.uri()).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Flowgate-Webhooks/1")
                    .header("webhook-id", d.id())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", Signer.signature(signing.signingSecrets(d.team(), d.workflowId()),
                            d.id(), timestamp, out.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(out.body(), StandardCharsets.UTF_8));
            out.headers().forEach(request::header);
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            code = response.statusCode();
            excerpt = excerpt(response.body());
            verdict = Verdict.of(code, response.headers().firstValue("retry-after").orElse(null), clock.instant());
        } catch (Outgoing.Refused e) {
            verdict = new Verdict.Stop("Refused: " + e.getMessage());
        } catch (FlowgateException e) {
            verdict = new Verdict.Stop("Refused: " + e.getMessage()); // the SSRF guard: retrying will not change it
        } catch (HttpTimeoutException e) {
            verdict = new Verdict.Retry("Timed out after " + timeout, java.util.Optional.empty());
        } catch (IOException e) {
            verdict = new Verdict.Retry("Connection failed: " + describe(e), java.util.Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            verdict = new Verdict.Retry("Interrupted (node stopping)", java.util.Optional.empty());
        } catch (RuntimeException e) {
            verdict = new Verdict.Retry("Failed: " + describe(e), java.util.Optional.empty());
        }
        long latency = (System.nanoTime() - started) / 1_000_000;
        return result(d, verdict, new DeliveryAttempt(d.attempts() + 1, at, code, latency,
                excerpt == null ? null : redactor.redact(excerpt), error(verdict, redactor)));
    }

    private Result result(Delivery d, Verdict verdict, DeliveryAttempt attempt) {
        int attempts = d.attempts() + 1;
        int round = d.roundAttempts() + 1;
        Integer code = attempt.statusCode();
        Instant now = clock.instant();
        return switch (verdict) {
            case Verdict.Delivered ok -> new Result(d.id(), DeliveryStatus.DELIVERED, attempts, round, code, null, null,
                    attempt);
            case Verdict.Stop stop -> new Result(d.id(), DeliveryStatus.DEAD, attempts, round, code, attempt.error(),
                    null, attempt);
            case Verdict.Retry retry -> {
                RetrySchedule schedule = RetrySchedule.of(Json.read(d.config()).get("retry"), settings.schedule());
                var wait = schedule.after(round, ThreadLocalRandom.current().nextDouble());
                if (wait.isEmpty()) {
                    yield new Result(d.id(), DeliveryStatus.DEAD, attempts, round, code,
                            attempt.error() + " (retries spent after " + round + " attempts)", null, attempt);
                }
                Duration delay = retry.after().orElse(wait.get());
                yield new Result(d.id(), DeliveryStatus.PENDING, attempts, round, code, attempt.error(), now.plus(delay),
                        attempt);
            }
        };
    }

    private static String error(Verdict verdict, Redactor redactor) {
        return switch (verdict) {
            case Verdict.Delivered ok -> null;
            case Verdict.Stop stop -> redactor.redact(stop.reason());
            case Verdict.Retry retry -> redactor.redact(retry.reason());
        };
    }

    private static String excerpt(InputStream body) throws IOException {
        try (body) {
            byte[] bytes = body.readNBytes(EXCERPT_BYTES);
            return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
