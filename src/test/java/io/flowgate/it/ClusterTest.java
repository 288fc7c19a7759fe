package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node processes on one PostgreSQL database, lease 3 s: 5,000 runs of sleep → http (a slow local
 * receiver, so hundreds of calls are in flight) → wait-for-event (events posted to random nodes) and a
 * per-second schedule. Node c is killed with SIGKILL mid-run and stays dead; node b is frozen with SIGSTOP
 * until node a has taken over everything b held (longer than its lease), then continued.
 *
 * <p>What "once" means here, exactly: a step with an outside effect may be attempted again when its node
 * dies or freezes mid-call (same attempt, same {@code Idempotency-Key}: counted and printed as duplicates of
 * in-flight attempts); but once a step's end is recorded, no node may call for it again. So: every call's
 * arrival time is compared with the recorded end of its step, and none may come after it.
 */
@Tag("pg")
class ClusterTest {
    static final int EXECUTIONS = 5_000;
    static final String LEASE = "3s";
    static final long CALL_DELAY_MILLIS = 400;
    static final int CLIENTS = 16;
    static final int EVENT_BATCH = 100;
    static final Pattern LEASE_LOST = Pattern.compile("(?m)^flowgate_lease_lost_total(?:\\{[^}]*})? ([0-9.eE+]+)$");

    @TempDir
    Path dir;

    @Test
    void three_nodes_survive_a_kill_and_a_pause_and_every_step_runs_once() throws Exception {
        String name = PostgresDatabases.create("flowgate_cluster");
        String jdbc = PostgresDatabases.url(name);
        try (Receiver receiver = new Receiver();
             ServerProcess a = node("node-a", jdbc);
             ServerProcess b = node("node-b", jdbc);
             ServerProcess c = node("node-c", jdbc)) {
            receiver.answer(call -> new Receiver.Answer(200, "{\"ok\":true}", CALL_DELAY_MILLIS));
            a.start();
            String key = Files.readString(dir.resolve("node-a").resolve("admin.key")).trim();
            b.start();
            c.start();
            Http onA = new Http(a.url(), key);
            Http onB = new Http(b.url(), key);
            Http onC = new Http(c.url(), key);
            save(onA, """
                    id: ticker
                    triggers:
                      schedule:
                        - cron: "* * * * * *"
                    steps:
                      - id: tick
                        type: http
                        request: { method: POST, url: "%s" }
                    """.formatted(receiver.url("/tick")));
            save(onB, """
                    id: cluster
                    steps:
                      - {id: nap, type: sleep, duration: PT1S}
                      - id: call
                        type: http
                        request: { method: POST, url: "%s" }
                      - id: paid
                        type: wait-for-event
                        event: {type: com.acme.cluster.paid, correlation: "event.data.k = inputs.k"}
                        lookback: PT10M
                    """.formatted(receiver.url("/call")));

            long t0 = System.nanoTime();
            List<String> ids = startAll(List.of(onA, onB, onC));
            long started = System.nanoTime();
            postEvents(List.of(onA, onB, onC), 0, EXECUTIONS / 2);

            await().atMost(Duration.ofSeconds(120)).until(() -> keys(receiver, "/call").size() >= EXECUTIONS / 4);
            Set<String> heldByC = held(jdbc, "node-c");
            long inFlightAtKill = inFlight(receiver);
            c.kill();
            long killedAt = System.nanoTime();

            await().atMost(Duration.ofSeconds(120)).until(() -> keys(receiver, "/call").size() >= EXECUTIONS / 2);
            Set<String> heldByB = held(jdbc, "node-b");
            long inFlightAtPause = inFlight(receiver);
            b.pause();
            long pausedAt = System.nanoTime();
            // Frozen until a holds everything b held: longer than b's lease, by construction.
            await().atMost(Duration.ofSeconds(90)).until(() -> stillHeld(jdbc, "node-b", heldByB) == 0);
            long bTakenOver = System.nanoTime();
            await().atMost(Duration.ofSeconds(90)).until(() -> stillHeld(jdbc, "node-c", heldByC) == 0);
            long cTakenOver = System.nanoTime();
            b.resume();

            postEvents(List.of(onA, onB), EXECUTIONS / 2, EXECUTIONS);
            await().atMost(Duration.ofSeconds(240)).until(() -> count(jdbc,
                    "SELECT count(*) FROM executions WHERE workflow_id = 'cluster' AND status = 'completed'")
                    == EXECUTIONS);
            long done = System.nanoTime();

            // Stop the schedule (a version without it), then let its last runs end so the lists below are final.
            save(onA, "id: ticker\nsteps:\n  - {id: tick, type: log, message: done}\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc,
                    "SELECT count(*) FROM executions WHERE workflow_id = 'ticker' AND status NOT IN "
                            + "('completed', 'failure', 'cancelled') AND started_at IS NOT NULL") == 0);

            List<Receiver.Call> calls = receiver.calls();
            Map<String, Long> ends = stepEnds(jdbc);
            List<String> late = new ArrayList<>();
            Map<String, Integer> perKey = new HashMap<>();
            for (Receiver.Call call : calls) {
                String k = call.header("Idempotency-Key");
                perKey.merge(k, 1, Integer::sum);
                String[] parts = k.split(":");
                Long end = ends.get(parts[0] + ":" + parts[1]);
                if (end != null && call.atMillis() > end) {
                    late.add(k + " called at " + call.atMillis() + ", step ended at " + end);
                }
            }
            Set<String> callKeys = keys(receiver, "/call");
            List<Instant> slots = slots(jdbc);
            long duplicates = calls.size() - perKey.size();
            double leaseLost = leaseLost(b);
            System.out.printf("cluster: %d executions (started in %d ms, all completed %d ms after the start), "
                            + "%d calls (%d keys, %d duplicates of in-flight attempts), %d calls in flight at the "
                            + "kill, %d at the pause; node c held %d runs, taken over %d ms after the kill; node b "
                            + "held %d, taken over %d ms after the pause; %d schedule slots; b's refused late "
                            + "writes (flowgate_lease_lost_total): %s%n",
                    ids.size(), millis(started - t0), millis(done - t0), calls.size(), perKey.size(), duplicates,
                    inFlightAtKill, inFlightAtPause, heldByC.size(), millis(cTakenOver - killedAt), heldByB.size(),
                    millis(bTakenOver - pausedAt), slots.size(), Double.isNaN(leaseLost) ? "not exposed" : leaseLost);

            assertThat(late).as("calls for a step after its recorded end").isEmpty();
            assertThat(callKeys).as("every execution's call").hasSize(EXECUTIONS);
            assertThat(callKeys.stream().map(k -> k.split(":")[0]).collect(java.util.stream.Collectors.toSet()))
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(count(jdbc, "SELECT count(*) FROM executions WHERE workflow_id = 'cluster' AND status <> "
                    + "'completed'")).isZero();
            assertThat(heldByC).as("node c held runs when it was killed").isNotEmpty();
            assertThat(heldByB).as("node b held runs when it was paused").isNotEmpty();

            assertThat(slots).hasSizeGreaterThanOrEqualTo(10).doesNotHaveDuplicates();
            for (int i = 1; i < slots.size(); i++) {
                assertThat(Duration.between(slots.get(i - 1), slots.get(i))).as("gap after " + slots.get(i - 1))
                        .isEqualTo(Duration.ofSeconds(1));
            }
            Set<String> tickRuns = keys(receiver, "/tick").stream().map(k -> k.split(":")[0])
                    .collect(java.util.stream.Collectors.toSet());
            assertThat(tickRuns).as("every slot's run called once its step started").hasSize(slots.size());

            if (!Double.isNaN(leaseLost)) {
                assertThat(leaseLost).as("node b's late writes were refused").isPositive();
            }
        } finally {
            PostgresDatabases.drop(name);
        }
    }

    private ServerProcess node(String id, String jdbc) throws Exception {
        return new ServerProcess(dir.resolve(id), dir.resolve(id + ".log"), "--node-id", id, "--db", jdbc,
                "--lease", LEASE);
    }

    private static void save(Http http, String yaml) {
        Http.Reply r = http.postYaml("/api/v1/workflows", yaml);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    /** Starts every execution, spread over the nodes, {@link #CLIENTS} requests at a time. */
    private static List<String> startAll(List<Http> nodes) throws Exception {
        Semaphore permits = new Semaphore(CLIENTS);
        List<Future<String>> futures = new ArrayList<>(EXECUTIONS);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < EXECUTIONS; i++) {
                Http node = nodes.get(i % nodes.size());
                Map<String, Object> body = Map.of("inputs", Map.of("k", "k" + i));
                permits.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        Http.Reply r = node.postJson("/api/v1/workflows/cluster/executions", body);
                        assertThat(r.status()).as(r.toString()).isEqualTo(202);
                        return r.json().path("activityId").asText();
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<String> ids = new ArrayList<>(EXECUTIONS);
        for (Future<String> f : futures) {
            ids.add(f.get());
        }
        return ids;
    }

    /** The events that resume runs {@code from} to {@code to} (exclusive), in batches, each to a random node. */
    private static void postEvents(List<Http> nodes, int from, int to) {
        for (int start = from; start < to; start += EVENT_BATCH) {
            List<String> batch = new ArrayList<>();
            for (int i = start; i < Math.min(to, start + EVENT_BATCH); i++) {
                batch.add(EventsContract.event("com.acme.cluster.paid", "paid-" + i, Map.of("k", "k" + i)));
            }
            Http node = nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
            Http.Reply r = node.post("/api/v1/events", "application/cloudevents-batch+json",
                    "[" + String.join(",", batch) + "]");
            assertThat(r.status()).as(r.toString()).isEqualTo(202);
        }
    }

    private static Set<String> keys(Receiver receiver, String path) {
        Set<String> out = new HashSet<>();
        for (Receiver.Call call : receiver.calls()) {
            if (call.path().equals(path)) {
                out.add(call.header("Idempotency-Key"));
            }
        }
        return out;
    }

    /** Calls that arrived less than one answer delay ago: still waiting for their answer. */
    private static long inFlight(Receiver receiver) {
        long since = System.currentTimeMillis() - CALL_DELAY_MILLIS;
        return receiver.calls().stream().filter(call -> call.atMillis() >= since).count();
    }

    private static Set<String> held(String jdbc, String node) throws SQLException {
        Set<String> out = new HashSet<>();
        query(jdbc, "SELECT id FROM executions WHERE owner = '" + node + "' AND status NOT IN ('completed', "
                + "'failure', 'cancelled')", rs -> out.add(rs.getString(1)));
        return out;
    }

    private static long stillHeld(String jdbc, String node, Set<String> ids) throws SQLException {
        Set<String> now = held(jdbc, node);
        now.retainAll(ids);
        return now.size();
    }

    /** Recorded ends of the steps with an outside effect, by "executionId:stepId". */
    private static Map<String, Long> stepEnds(String jdbc) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        query(jdbc, "SELECT execution_id, step_id, ended_at FROM steps WHERE step_id IN ('call', 'tick') "
                + "AND ended_at IS NOT NULL", rs -> out.put(rs.getString(1) + ":" + rs.getString(2), rs.getLong(3)));
        return out;
    }

    /** The ticker's slots, from the runs' creation times (a slot's run is created at its slot). */
    private static List<Instant> slots(String jdbc) throws SQLException {
        TreeSet<Instant> out = new TreeSet<>();
        List<Instant> all = new ArrayList<>();
        query(jdbc, "SELECT created_at FROM executions WHERE workflow_id = 'ticker' AND NOT (status = 'waiting' "
                + "AND started_at IS NULL) ORDER BY created_at", rs -> all.add(Instant.ofEpochMilli(rs.getLong(1))));
        out.addAll(all);
        assertThat(all).as("runs per slot").hasSize(out.size());
        return all;
    }

    /** This node's {@code flowgate_lease_lost_total}, or NaN while the counter is not exposed. */
    private static double leaseLost(ServerProcess node) {
        Http.Reply r = new Http(node.url(), null).get("/metrics");
        Matcher m = LEASE_LOST.matcher(r.raw().body());
        double sum = Double.NaN;
        while (m.find()) {
            sum = (Double.isNaN(sum) ? 0 : sum) + Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static long count(String jdbc, String sql) throws SQLException {
        long[] n = new long[1];
        query(jdbc, sql, rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    @FunctionalInterface
    private interface RowAction {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(String jdbc, String sql, RowAction action) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                action.accept(rs);
            }
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
