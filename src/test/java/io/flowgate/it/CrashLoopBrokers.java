package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowgate.core.Json;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The broker messages of the crash loop: per kind (NATS JetStream, AMQP, MQTT on the brokers {@link BrokerServers}
 * picks) a stream, queue or topic of the test's own, a source on it whose messages start {@code loop-msg}, and a
 * publisher that sends numbered messages {@code {"n": N}} while the load goes on. A number counts as acknowledged
 * once the broker confirmed it (JetStream publish ack, publisher confirm, PUBACK): the broker holds it, so it must
 * become exactly one event and one run that completes, whatever was killed meanwhile. Closing removes the
 * streams, queues and MQTT sessions; close it after the nodes, or a node's source would make the session again.
 */
final class CrashLoopBrokers implements AutoCloseable {
    /** {@code -Dflowgate.crashloop.brokers=nats} to narrow it. */
    static final List<String> KINDS = List.of(System.getProperty("flowgate.crashloop.brokers", "nats,amqp,mqtt")
            .split(","));
    static final String TYPE = "com.acme.loop.msg.";
    /** Between two publishes of one kind: a steady trickle beside the HTTP load, not a flood. */
    static final long PAUSE_MS = 100;

    private final String id = BrokerServers.unique("loop");
    private final Map<String, BrokerClient> clients = new LinkedHashMap<>();
    private final Map<String, Set<Integer>> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> unconfirmed = new ConcurrentHashMap<>();

    /** What the database holds for the messages of one kind. */
    record Tally(String kind, int acknowledged, int unconfirmed, int events, int completed, List<Integer> lost,
                 List<Integer> doubled) {}

    CrashLoopBrokers() throws Exception {
        try {
            for (String kind : KINDS) {
                clients.put(kind, BrokerClient.of(kind, source(kind)));
                acknowledged.put(kind, ConcurrentHashMap.newKeySet());
                unconfirmed.put(kind, new AtomicInteger());
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private String source(String kind) {
        return id + "-" + kind;
    }

    /** The workflow the messages start (its {@code call} step makes the outside call the loop checks). */
    static String workflow(String callStep) {
        StringBuilder types = new StringBuilder();
        for (String kind : KINDS) {
            types.append(types.isEmpty() ? "" : ", ").append("{type: ").append(TYPE).append(kind).append("}");
        }
        return "id: loop-msg\ntriggers:\n  events: [" + types + "]\nsteps:\n" + callStep;
    }

    /** The connections and sources, made through a node's API; returns once each is connected there. */
    void subscribe(Http http) {
        Sources sources = new Sources(http);
        clients.forEach((kind, client) -> {
            sources.connection(client.connection());
            sources.create(source(kind), source(kind), kind, client.target(), TYPE + kind);
        });
        for (String kind : KINDS) {
            try {
                sources.awaitState(source(kind), "connected");
            } catch (AssertionError standby) {
                // an MQTT source another node holds shows standby here; it is connected there
                assertThat(sources.state(source(kind))).as("source " + source(kind)).isEqualTo("standby");
            }
        }
    }

    /** One publisher per kind, until {@code loading} turns false; the caller's executor runs them. */
    List<Runnable> publishers(AtomicBoolean loading) {
        List<Runnable> all = new ArrayList<>();
        clients.forEach((kind, client) -> all.add(() -> publish(kind, client, loading)));
        return all;
    }

    private void publish(String kind, BrokerClient client, AtomicBoolean loading) {
        int n = 0;
        while (loading.get()) {
            try {
                client.publish(n);
                client.flush(); // AMQP: the publisher confirm; NATS and MQTT confirmed within publish
                acknowledged.get(kind).add(n);
            } catch (Exception e) {
                unconfirmed.get(kind).incrementAndGet(); // not acknowledged: it may or may not arrive, once
            }
            n++;
            try {
                Thread.sleep(PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    int acknowledgedCount() {
        return acknowledged.values().stream().mapToInt(Set::size).sum();
    }

    /** Per kind: events and runs per message number as the database holds them. */
    List<Tally> tally(String jdbc) throws SQLException {
        Map<String, Map<Integer, Integer>> eventsPerN = new HashMap<>();
        Map<String, Map<Integer, List<String>>> runsPerN = new HashMap<>();
        Sql.query(jdbc, "SELECT e.type, e.document, e.seq, x.status FROM events e LEFT JOIN event_runs r ON "
                + "r.seq = e.seq LEFT JOIN executions x ON x.id = r.execution_id WHERE e.type LIKE '" + TYPE + "%' "
                + "ORDER BY e.seq", rs -> {
                    String kind = rs.getString(1).substring(TYPE.length());
                    int n = Json.read(rs.getString(2)).path("data").path("n").asInt(-1);
                    eventsPerN.computeIfAbsent(kind, k -> new HashMap<>()).merge(n, 1, Integer::sum);
                    if (rs.getString(4) != null) {
                        runsPerN.computeIfAbsent(kind, k -> new HashMap<>()).computeIfAbsent(n, k -> new ArrayList<>())
                                .add(rs.getString(4));
                    }
                });
        List<Tally> out = new ArrayList<>();
        for (String kind : KINDS) {
            Map<Integer, Integer> events = eventsPerN.getOrDefault(kind, Map.of());
            Map<Integer, List<String>> runs = runsPerN.getOrDefault(kind, Map.of());
            List<Integer> lost = new ArrayList<>();
            int completed = 0;
            for (int n : acknowledged.get(kind)) {
                List<String> r = runs.getOrDefault(n, List.of());
                if (r.contains("completed")) {
                    completed++;
                } else {
                    lost.add(n);
                }
            }
            List<Integer> doubled = new ArrayList<>();
            events.forEach((n, count) -> {
                if (count > 1 || runs.getOrDefault(n, List.of()).size() > 1) {
                    doubled.add(n);
                }
            });
            out.add(new Tally(kind, acknowledged.get(kind).size(), unconfirmed.get(kind).get(),
                    events.values().stream().mapToInt(Integer::intValue).sum(), completed, lost.stream().sorted()
                    .limit(20).toList(), doubled.stream().sorted().limit(20).toList()));
        }
        return out;
    }

    /** Whether every acknowledged message has a completed run (the loop waits for this). */
    boolean allCompleted(String jdbc) throws SQLException {
        return tally(jdbc).stream().allMatch(t -> t.completed() == t.acknowledged());
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (Map.Entry<String, BrokerClient> e : clients.entrySet()) {
            try {
                e.getValue().close();
                if (e.getKey().equals("mqtt")) {
                    BrokerServers.clearMqttSession("flowgate-" + source("mqtt"));
                }
            } catch (Exception failed) {
                if (first == null) {
                    first = failed;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
