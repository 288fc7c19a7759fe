package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The crash loop (issue 15, point 1): under mixed load — webhooks, events that start runs, broker messages that
 * start runs (NATS JetStream, AMQP and MQTT sources, {@link CrashLoopBrokers}), runs waiting for an event,
 * approvals, sleeps, outbound calls, outbound deliveries and a per-second schedule — a node is killed with
 * SIGKILL at random instants {@link #KILLS} times and started again at once. Afterwards every acknowledged
 * trigger, event and broker message has a run that reached its end (one per message), no step with an outside effect ran as a second attempt,
 * every delivery was made, and every schedule slot ran once. On SQLite (one node) and on a two-node
 * PostgreSQL cluster, where the nodes are killed in turn and clients go to the other node meanwhile.
 */
class CrashLoopTest {
    /** The CI form; {@code -Dflowgate.crashloop.kills=20} for the long one. */
    static final int KILLS = Integer.getInteger("flowgate.crashloop.kills", 5);
    static final int CLIENTS = 6;

    static final String UNFINISHED = "workflow_id LIKE 'loop-%' AND status NOT IN ('completed', 'failure', "
            + "'cancelled') AND NOT (status = 'waiting' AND started_at IS NULL)";

    @TempDir
    Path dir;

    private final Map<String, String> acknowledged = new ConcurrentHashMap<>(); // run id -> what started it
    private final Set<String> goEvents = ConcurrentHashMap.newKeySet();
    private final Map<String, String> waitKeys = new ConcurrentHashMap<>(); // run id -> k
    private final List<String> approvals = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void every_acknowledged_trigger_ends_and_no_step_runs_twice_across_kill_cycles(String database) throws Exception {
        String pg = database.equals("postgresql") ? PostgresDatabases.create("flowgate_crashloop") : null;
        String jdbc = pg == null ? "jdbc:sqlite:" + dir.resolve("node-a").resolve("flowgate.db")
                : PostgresDatabases.url(pg);
        List<ServerProcess> nodes = new ArrayList<>();
        CrashLoopBrokers brokers = null;
        try (Receiver receiver = new Receiver()) {
            brokers = new CrashLoopBrokers();
            CrashLoopBrokers messages = brokers;
            nodes.add(node("node-a", jdbc, pg != null));
            if (pg != null) {
                nodes.add(node("node-b", jdbc, true));
            }
            for (ServerProcess n : nodes) {
                n.start();
            }
            String key = Files.readString(dir.resolve("node-a").resolve("admin.key")).trim();
            List<Http> clients = new ArrayList<>();
            for (ServerProcess n : nodes) {
                clients.add(new Http(n.url(), key));
            }
            String hookId = saveWorkflows(clients.getFirst(), receiver);
            brokers.subscribe(clients.getFirst());

            int kills = 0;
            AtomicBoolean loading = new AtomicBoolean(true);
            try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < CLIENTS; c++) {
                    load.submit(() -> generate(clients, hookId, loading));
                }
                brokers.publishers(loading).forEach(load::submit);
                for (int i = 0; i < KILLS; i++) {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(500, 2_500)); // the random instant
                    ServerProcess victim = nodes.get(i % nodes.size());
                    victim.kill();
                    kills++;
                    victim.start();
                }
                int before = acknowledged.size();
                int messagesBefore = messages.acknowledgedCount();
                // Load on the last life too, then stop it.
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= before + 20
                        && messages.acknowledgedCount() >= messagesBefore + 10);
                loading.set(false);
            }

            // Let every run reach its end: the events and decisions it waits for, sent to a live node.
            Http any = clients.getFirst();
            List<String> paid = new ArrayList<>();
            waitKeys.values().forEach(k -> paid.add(EventsContract.event("com.acme.loop.paid", "paid-" + k,
                    Map.of("k", k))));
            for (int from = 0; from < paid.size(); from += 200) {
                Http.Reply r = any.post("/api/v1/events", "application/cloudevents-batch+json",
                        "[" + String.join(",", paid.subList(from, Math.min(paid.size(), from + 200))) + "]");
                assertThat(r.status()).as(r.toString()).isEqualTo(202);
            }
            Http.Reply tickerOff = any.postYaml("/api/v1/workflows", "id: loop-tick\nsteps:\n  - {id: t, type: log, "
                    + "message: stopped}\n");
            assertThat(tickerOff.status()).as(tickerOff.toString()).isIn(200, 201);
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    List<String> deciding = new ArrayList<>();
                    Sql.query(jdbc, "SELECT id FROM executions WHERE workflow_id = 'loop-approve' AND status = "
                            + "'waiting'", rs -> deciding.add(rs.getString(1)));
                    for (String id : deciding) {
                        any.postJson("/api/v1/executions/" + id + "/steps/sign/approve", Map.of());
                    }
                    Set<String> open = new HashSet<>();
                    Sql.query(jdbc, "SELECT id FROM executions WHERE " + UNFINISHED, rs -> open.add(rs.getString(1)));
                    // Starts cut by a kill before their answer may exist unacknowledged (a wait nobody sends an
                    // event for); what must end is every acknowledged run and every acknowledged event's run.
                    open.retainAll(mustEnd(jdbc));
                    // A message a killed node had fetched but not acknowledged comes back after the broker's
                    // redelivery wait (30 s on NATS): its run may start late.
                    return open.isEmpty() && messages.allCompleted(jdbc);
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                Sql.query(jdbc, "SELECT e.id, e.workflow_id, e.status, e.owner, e.lease_until, e.wake_at, s.step_id, "
                        + "s.status FROM executions e LEFT JOIN steps s ON s.execution_id = e.id WHERE e.id IN (SELECT id "
                        + "FROM executions WHERE " + UNFINISHED + ") ORDER BY e.id LIMIT 40", rs -> System.out.println("unfinished"
                        + (acknowledged.containsKey(rs.getString(1)) ? " (acknowledged): " : ": ") + rs.getString(1) + " "
                        + rs.getString(2) + " " + rs.getString(3) + " owner " + rs.getString(4) + " lease "
                        + rs.getString(5) + " wake " + rs.getString(6) + " step " + rs.getString(7) + " "
                        + rs.getString(8)));
                System.out.println("broker messages: " + messages.tally(jdbc));
                throw e;
            }
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                        Sql.count(jdbc, "SELECT count(*) FROM deliveries WHERE status = 'pending'") == 0);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                long now = System.currentTimeMillis();
                Sql.query(jdbc, "SELECT id, attempts, last_status, last_error, next_attempt_at, owner, lease_until, "
                        + "endpoint FROM deliveries WHERE status = 'pending' LIMIT 20", rs -> System.out.println(
                        "pending delivery " + rs.getString(1) + " attempts " + rs.getInt(2) + " last " + rs.getString(3)
                        + " " + rs.getString(4) + " next in " + (rs.getLong(5) - now) + " ms, owner " + rs.getString(6)
                        + " lease in " + (rs.getLong(7) - now) + " ms, endpoint " + rs.getString(8)));
                throw e;
            }

            Map<String, String> status = new HashMap<>();
            Sql.query(jdbc, "SELECT id, status FROM executions", rs -> status.put(rs.getString(1), rs.getString(2)));
            Map<String, String> eventRuns = new HashMap<>();
            Sql.query(jdbc, "SELECT e.event_id, r.execution_id FROM events e JOIN event_runs r ON r.seq = e.seq "
                    + "WHERE e.type = 'com.acme.loop.go'", rs -> eventRuns.put(rs.getString(1), rs.getString(2)));
            Map<String, Set<String>> keysPerStep = new HashMap<>();
            int outsideCalls = 0;
            for (Receiver.Call call : receiver.calls()) {
                String k = call.header("Idempotency-Key");
                if (k != null) {
                    outsideCalls++;
                    String[] parts = k.split(":");
                    keysPerStep.computeIfAbsent(parts[0] + ":" + parts[1], x -> new HashSet<>()).add(k);
                }
            }
            long deliveries = Sql.count(jdbc, "SELECT count(*) FROM deliveries");
            long dead = Sql.count(jdbc, "SELECT count(*) FROM deliveries WHERE status = 'dead'");
            List<Long> slots = new ArrayList<>();
            Sql.query(jdbc, "SELECT created_at FROM executions WHERE workflow_id = 'loop-tick' AND NOT "
                    + "(status = 'waiting' AND started_at IS NULL) ORDER BY created_at", rs -> slots.add(rs.getLong(1)));
            System.out.printf("crash loop on %s: %d kills; %d acknowledged starts (%d webhooks, %d by API), %d "
                            + "acknowledged events starting runs, %d runs waiting for an event, %d approvals; %d "
                            + "requests refused while a node was down; %d outside calls for %d steps (the rest repeats "
                            + "of an attempt cut by a kill, same key); %d deliveries (%d dead); %d schedule slots%n",
                    database, kills, acknowledged.size(),
                    acknowledged.values().stream().filter("webhook"::equals).count(),
                    acknowledged.values().stream().filter(v -> !v.equals("webhook")).count(), goEvents.size(),
                    waitKeys.size(), approvals.size(), refused.get(), outsideCalls, keysPerStep.size(),
                    deliveries, dead, slots.size());
            List<CrashLoopBrokers.Tally> tallies = brokers.tally(jdbc);
            for (CrashLoopBrokers.Tally t : tallies) {
                System.out.printf("crash loop on %s, %s messages: %d published and acknowledged (%d not confirmed), "
                                + "%d events, %d acknowledged ones with a completed run, %d lost, %d doubled%n",
                        database, t.kind(), t.acknowledged(), t.unconfirmed(), t.events(), t.completed(),
                        t.lost().size(), t.doubled().size());
            }
            long messageRuns = Sql.count(jdbc, "SELECT count(*) FROM executions WHERE workflow_id = 'loop-msg'");

            assertThat(kills).isEqualTo(KILLS);
            assertThat(acknowledged).as("load went on between the kills").hasSizeGreaterThan(KILLS);
            for (String id : acknowledged.keySet()) {
                assertThat(status.get(id)).as("acknowledged run " + id + " (" + acknowledged.get(id) + ")")
                        .isEqualTo("completed");
            }
            for (String eventId : goEvents) {
                assertThat(eventRuns).as("acknowledged event " + eventId + " started a run").containsKey(eventId);
                assertThat(status.get(eventRuns.get(eventId))).as("run of event " + eventId).isEqualTo("completed");
            }
            keysPerStep.forEach((step, keys) -> assertThat(keys).as("attempts of " + step
                    + " that made an outside call (a second one would be the step run twice)").hasSize(1)
                    .allMatch(k -> k.endsWith(":1")));
            assertThat(dead).as("deliveries dead-lettered (the receiver always answers 200)").isZero();
            assertThat(new HashSet<>(slots)).as("schedule runs per slot").hasSize(slots.size());
            for (CrashLoopBrokers.Tally t : tallies) {
                assertThat(t.acknowledged()).as(t.kind() + " messages went on between the kills").isGreaterThan(KILLS);
                assertThat(t.lost()).as(t.kind() + " acknowledged messages without a completed run").isEmpty();
                assertThat(t.doubled()).as(t.kind() + " messages with two events or two runs").isEmpty();
            }
            assertThat(messageRuns).as("runs started by broker messages, one per event")
                    .isEqualTo(tallies.stream().mapToLong(CrashLoopBrokers.Tally::events).sum());
        } catch (Throwable t) {
            for (ServerProcess n : nodes) {
                System.out.println("---- " + n.log().getFileName() + " errors ----\n" + ServerProcess.errors(n.log(), 200));
            }
            throw t;
        } finally {
            for (ServerProcess n : nodes) {
                n.close();
            }
            try {
                if (brokers != null) {
                    brokers.close(); // after the nodes: a running source would make its MQTT session again
                }
            } finally {
                if (pg != null) {
                    PostgresDatabases.drop(pg);
                }
            }
        }
    }

    /** The acknowledged runs and the runs of the acknowledged events. */
    private Set<String> mustEnd(String jdbc) throws java.sql.SQLException {
        Set<String> ids = new HashSet<>(acknowledged.keySet());
        Sql.query(jdbc, "SELECT e.event_id, r.execution_id FROM events e JOIN event_runs r ON r.seq = e.seq WHERE "
                + "e.type = 'com.acme.loop.go'", rs -> {
                    if (goEvents.contains(rs.getString(1))) {
                        ids.add(rs.getString(2));
                    }
                });
        return ids;
    }

    private ServerProcess node(String id, String jdbc, boolean cluster) throws Exception {
        List<String> args = new ArrayList<>(List.of("--node-id", id, "--db", jdbc, "--allow-outbound", "127.0.0.1"));
        if (cluster) {
            args.addAll(List.of("--lease", "3s"));
        }
        return new ServerProcess(dir.resolve(id), dir.resolve(id + ".log"), args.toArray(String[]::new));
    }

    /** The workflows under load; returns the webhook's hook id. */
    private static String saveWorkflows(Http http, Receiver receiver) {
        String call = """
                  - id: call
                    type: http
                    request: { method: POST, url: "%s" }
                """.formatted(receiver.url("/call"));
        Http.Reply hook = http.postYaml("/api/v1/workflows", """
                id: loop-hook
                triggers:
                  webhook: {}
                steps:
                  - {id: nap, type: sleep, duration: PT0.2S}
                """ + call + """
                    webhooks: [{ on: [completed], url: "%s" }]
                """.formatted(receiver.url("/delivery")));
        assertThat(hook.status()).as(hook.toString()).isIn(200, 201);
        save(http, CrashLoopBrokers.workflow(call));
        save(http, """
                id: loop-event
                triggers:
                  events: [{type: com.acme.loop.go}]
                steps:
                """ + call);
        save(http, """
                id: loop-wait
                steps:
                  - id: w
                    type: wait-for-event
                    lookback: PT1H
                    event: {type: com.acme.loop.paid, correlation: "event.data.k = inputs.k"}
                """ + call);
        save(http, """
                id: loop-approve
                steps:
                  - {id: sign, type: approval}
                  - {id: after, type: log, message: signed}
                """);
        save(http, """
                id: loop-tick
                triggers:
                  schedule:
                    - cron: "* * * * * *"
                steps:
                  - {id: tick, type: log, message: tick}
                """);
        return hook.json().path("webhook").path("hookId").asText();
    }

    private static void save(Http http, String yaml) {
        Http.Reply r = http.postYaml("/api/v1/workflows", yaml);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    /** One client: random requests to random nodes until told to stop; records what was acknowledged. */
    private void generate(List<Http> clients, String hookId, AtomicBoolean loading) {
        while (loading.get()) {
            Http node = clients.get(ThreadLocalRandom.current().nextInt(clients.size()));
            int n = sequence.incrementAndGet();
            try {
                switch (n % 5) {
                    case 0, 1 -> started(node.postJson("/hooks/" + hookId, Map.of("n", n)), "webhook");
                    case 2 -> {
                        String k = "k" + n;
                        String id = started(node.postJson("/api/v1/workflows/loop-wait/executions",
                                Map.of("inputs", Map.of("k", k))), "wait");
                        if (id != null) {
                            waitKeys.put(id, k);
                        }
                    }
                    case 3 -> {
                        String go = "go-" + n;
                        Http.Reply r = node.post("/api/v1/events", "application/cloudevents-batch+json", "["
                                + EventsContract.event("com.acme.loop.go", go, Map.of("n", n)) + "]");
                        if (r.status() == 202) {
                            goEvents.add(go);
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                    default -> {
                        String id = started(node.postJson("/api/v1/workflows/loop-approve/executions", Map.of()),
                                "approval");
                        if (id != null) {
                            approvals.add(id);
                        }
                        if (!approvals.isEmpty()) { // decide an earlier one while the load goes on
                            String earlier = approvals.get(ThreadLocalRandom.current().nextInt(approvals.size()));
                            node.postJson("/api/v1/executions/" + earlier + "/steps/sign/approve", Map.of());
                        }
                    }
                }
            } catch (IllegalStateException down) {
                refused.incrementAndGet(); // the node was being killed or restarted: nothing acknowledged
                pause();
            }
        }
    }

    /** A client whose node is down tries again a moment later, not in a tight loop. */
    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String started(Http.Reply r, String kind) {
        if (r.status() != 202) {
            refused.incrementAndGet();
            pause();
            return null;
        }
        String id = r.json().path("activityId").asText();
        acknowledged.put(id, kind);
        return id;
    }
}
