package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The broker restarted mid-stream and under load (issue 15, point 2): a broker the test owns ({@code nats-server},
 * Qpid Broker-J on its Derby store, Mosquitto with persistence) is stopped while a source consumes and started
 * again on the same port and data; the rest of the messages are published after it is back. Meanwhile clients
 * call the node over HTTP without pause ({@link HttpUnderOutage}): webhooks starting a plain run and a run whose
 * {@code publish} step sends to the same broker (with {@code retry}), the status of those runs, {@code /readyz}
 * and the source. Every answer is {@code 2xx} or {@code 503} with {@code Retry-After}; the source shows the
 * outage and reconnects by itself; in the end every message is exactly one event and one run, every acknowledged
 * webhook run completed, and every publish reached the source — exactly once on NATS and AMQP, whose message id
 * dedups a retried publish; MQTT 3.1.1 has none. On SQLite.
 */
class BrokerRestartTest {
    static final int MESSAGES = 400;
    /** Webhook runs acknowledged before the stop, during the outage and after the broker is back. */
    static final int STARTS_PER_PHASE = 20;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nats", "amqp", "mqtt"})
    void a_restarted_broker_loses_and_doubles_no_run_while_the_node_answers(String kind) throws Exception {
        String id = BrokerServers.unique("r");
        String type = "com.test.restart." + id;
        String jdbc = "jdbc:sqlite:" + dir.resolve("data").resolve("flowgate.db");
        try (OwnedBroker owned = BrokerServers.ownForRestart(kind);
             BrokerClient broker = BrokerClient.of(kind, id, owned.port());
             TestServer server = TestServer.sqlite(dir)) {
            Http http = server.http();
            Sources sources = new Sources(http);
            sources.apply("""
                    id: %s
                    triggers:
                      events: [{type: %s}]
                    steps:
                      - {id: t, type: transform, output: '{"n": trigger.event.data.n, "p": trigger.event.data.p}'}
                    """.formatted(id, type));
            sources.connection(broker.connection());
            String plain = hook(http, """
                    id: %s-hook
                    triggers:
                      webhook: {}
                    steps:
                      - {id: t, type: transform, output: '{"p": trigger.body.p}'}
                    """.formatted(id));
            // Into the source's own stream, queue or topic: each publish becomes one more event and run.
            String target = switch (kind) {
                case "nats" -> "nats: {subject: \"" + id + ".pub\"}";
                case "amqp" -> "amqp: {exchange: \"\", routingKey: \"" + id + "\"}";
                default -> "mqtt: {topic: \"" + id + "/pub\", qos: 1}";
            };
            String publishing = hook(http, """
                    id: %s-pub
                    triggers:
                      webhook: {}
                    steps:
                      - id: tell
                        type: publish
                        connection: %s
                        %s
                        body: '{{ $string({"p": trigger.body.p}) }}'
                        timeout: PT5S
                        retry: {max: 30, backoff: PT0.5S, factor: 2, maxBackoff: PT3S}
                    """.formatted(id, id, target));
            sources.create(id, id, kind, broker.target(), type);
            sources.awaitState(id, "connected");
            for (int i = 0; i < MESSAGES / 2; i++) {
                broker.publish(i);
            }
            await().atMost(Sources.LONG).pollInterval(Duration.ofMillis(10))
                    .until(() -> sources.get(id).path("acks").asLong() >= 1);
            broker.flush();

            HttpUnderOutage load = new HttpUnderOutage(http, Map.of(id + "-hook", plain, id + "-pub", publishing), id);
            try {
                awaitMoreStarts(load);
                owned.stop();
                await().atMost(Sources.LONG).until(() -> !sources.state(id).equals("connected"));
                awaitMoreStarts(load); // webhooks go on while the broker is away
                // and publish steps meet the outage: they fail and wait for their retry
                await().atMost(Sources.LONG).until(() -> Sources.count(jdbc, "SELECT count(*) FROM steps s JOIN "
                        + "executions x ON x.id = s.execution_id WHERE x.workflow_id = '" + id + "-pub' AND s.status = "
                        + "'waiting' AND s.error IS NOT NULL") >= 5);
                owned.start();
                sources.awaitState(id, "connected"); // by itself: nobody touched the source or the node
                broker.reconnect();
                for (int i = MESSAGES / 2; i < MESSAGES; i++) {
                    broker.publish(i);
                }
                broker.flush();
                awaitMoreStarts(load);
            } finally {
                load.close();
            }

            Set<String> plainRuns = load.started(id + "-hook");
            Set<String> publishRuns = load.started(id + "-pub");
            System.out.printf("broker restart under load (%s): answers %s; source states seen %s; %d plain and %d "
                    + "publishing webhook runs acknowledged%n", kind, load.answers(), load.sourceStates(),
                    plainRuns.size(), publishRuns.size());
            assertThat(load.unexpected()).as("answers other than 2xx or 503 with Retry-After").isEmpty();
            assertThat(load.sourceStates()).as("the source as the API showed it during the outage")
                    .contains("connected").containsAnyOf("error", "connecting");
            try {
                await().atMost(Duration.ofSeconds(180)).until(() -> Sources.count(jdbc,
                        "SELECT count(*) FROM executions WHERE workflow_id = '" + id + "' AND status = 'completed'")
                        >= MESSAGES + publishRuns.size() && completed(jdbc, plainRuns) && completed(jdbc, publishRuns));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("runs: " + Sources.count(jdbc, "SELECT count(*) FROM executions WHERE "
                        + "workflow_id = '" + id + "'") + "; not completed: " + Sources.count(jdbc, "SELECT count(*) "
                        + "FROM executions WHERE workflow_id LIKE '" + id + "-%' AND status <> 'completed'")
                        + "; source: " + sources.get(id)
                        + (broker instanceof BrokerClient.Amqp a ? "; ready in the queue: " + a.ready() : "")
                        + "; events of messages: " + Sources.count(jdbc, "SELECT count(*) FROM events WHERE type = '"
                        + type + "' AND json_extract(document, '$.data.n') IS NOT NULL") + " of " + MESSAGES
                        + "; events of publish steps: " + Sources.count(jdbc, "SELECT count(*) FROM events WHERE type = '"
                        + type + "' AND json_extract(document, '$.data.p') IS NOT NULL") + " of " + publishRuns.size()
                        + "; publish runs without an event: " + unmatched(jdbc, id, type), e);
            }
            String events = "FROM events WHERE type = '" + type + "'";
            assertThat(Sources.count(jdbc, "SELECT count(*) " + events + " AND json_extract(document, '$.data.n') "
                    + "IS NOT NULL")).as("events of published messages").isEqualTo(MESSAGES);
            assertThat(Sources.count(jdbc, "SELECT count(DISTINCT json_extract(document, '$.data.n')) " + events))
                    .isEqualTo(MESSAGES);
            long published = Sources.count(jdbc, "SELECT count(*) " + events + " AND json_extract(document, "
                    + "'$.data.p') IS NOT NULL");
            assertThat(Sources.count(jdbc, "SELECT count(DISTINCT json_extract(document, '$.data.p')) " + events))
                    .as("publish steps whose message arrived").isEqualTo(publishRuns.size());
            if (kind.equals("mqtt")) {
                // MQTT 3.1.1 has no message id: a publish whose PUBACK the stop cut off is sent again by the retry,
                // and nothing can tell the copies apart (docs/events.md). Printed, not forbidden.
                System.out.printf("mqtt: %d copies of publish-step messages%n", published - publishRuns.size());
            } else {
                assertThat(published).as("events of publish steps, one per acknowledged run (the message key dedups)")
                        .isEqualTo(publishRuns.size());
            }
            assertThat(Sources.count(jdbc, "SELECT count(*) FROM executions WHERE workflow_id = '" + id + "'"))
                    .isEqualTo(MESSAGES + published);
            for (String w : new String[] {id + "-hook", id + "-pub"}) {
                assertThat(Sources.count(jdbc, "SELECT count(*) FROM executions WHERE workflow_id = '" + w + "'"))
                        .as("runs of " + w + ": the acknowledged ones, nothing more").isEqualTo(load.started(w).size());
            }
            assertThat(sources.get(id).path("errors").asLong()).isGreaterThanOrEqualTo(1);
            sources.delete(id);
        }
    }

    private static String hook(Http http, String yaml) {
        Http.Reply r = http.postYaml("/api/v1/workflows", yaml);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        return r.json().path("webhook").path("hookId").asText();
    }

    /** Publish runs whose message never became an event: the run, its step's attempts and outputs (at most 10). */
    private static List<String> unmatched(String jdbc, String id, String type) throws java.sql.SQLException {
        List<String> out = new ArrayList<>();
        Sql.query(jdbc, "SELECT x.id, s.attempt, s.outputs, x.context FROM executions x JOIN steps s ON "
                + "s.execution_id = x.id WHERE x.workflow_id = '" + id + "-pub' LIMIT 100000", rs -> out.add(
                rs.getString(1) + " attempt " + rs.getString(2) + " outputs " + rs.getString(3) + " context "
                + rs.getString(4)));
        Set<String> published = new java.util.HashSet<>();
        Sql.query(jdbc, "SELECT json_extract(document, '$.data.p') FROM events WHERE type = '" + type + "' AND "
                + "json_extract(document, '$.data.p') IS NOT NULL", rs -> published.add(rs.getString(1)));
        return out.stream().filter(r -> published.stream().noneMatch(p -> java.util.regex.Pattern.compile(
                "\"p\": ?" + p + "(?!\\d)").matcher(r).find())).limit(10).toList();
    }

    private static void awaitMoreStarts(HttpUnderOutage load) {
        int before = load.startedCount();
        await().atMost(Sources.LONG).until(() -> load.startedCount() >= before + STARTS_PER_PHASE);
    }

    private static boolean completed(String jdbc, Set<String> runs) throws java.sql.SQLException {
        if (runs.isEmpty()) {
            return true;
        }
        return Sources.count(jdbc, "SELECT count(*) FROM executions WHERE status = 'completed' AND id IN ('"
                + String.join("', '", runs) + "')") == runs.size();
    }
}
