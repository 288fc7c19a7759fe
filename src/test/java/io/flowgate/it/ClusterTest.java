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
import java.util.concurrent.CopyOnWriteArrayList;
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
    /** The 5,000; {@code -Dflowgate.cluster.executions=N} for a longer (or a quicker) run. */
    static final int EXECUTIONS = Integer.getInteger("flowgate.cluster.executions", 5_000);
    static final String LEASE = "3s";
    static final long CALL_DELAY_MILLIS = 400;
    static final int CLIENTS = Integer.getInteger("flowgate.cluster.clients", 32);
    /**
     * The receiver stamps a call when its handler starts, which on a loaded machine can be well after the
     * request arrived: a duplicate of an in-flight attempt (a node whose lease lapsed under load, and the node
     * that took over) may be stamped just after the step's end. Later than this after the end is a second run.
     */
    static final long HANDLING_SLACK_MILLIS = 1_000;
    /** How soon after SIGCONT the requests a frozen node had issued before it froze reach the receiver. */
    static final long FROZEN_BURST_MILLIS = 5_000;
    static final int EVENT_BATCH = 100;
    /** Requests answered 503 (and retried elsewhere): printed, since each means a node lost its database. */
    static final java.util.concurrent.atomic.AtomicInteger UNAVAILABLE = new java.util.concurrent.atomic.AtomicInteger();
    /** Where the feed's time goes: summed start-request time, and the feeder's time posting event batches. */
    static final java.util.concurrent.atomic.AtomicLong START_NANOS = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong EVENT_NANOS = new java.util.concurrent.atomic.AtomicLong();
    static final Pattern LEASE_LOST = Pattern.compile("(?m)^flowgate_lease_lost_total(?:\\{[^}]*})? ([0-9.eE+]+)$");

    @TempDir
    Path dir;

    /*
     * The calls' timeout is minutes, not the default 30 s: with other builds sharing two cores (load average
     * 50 was seen), the receiver in this JVM can take longer than 30 s to answer, and a timed-out attempt
     * fails its run (no retry is declared, so that a second attempt would show as a step run twice).
     */
    @Test
    void three_nodes_survive_a_kill_and_a_pause_and_every_step_runs_once() throws Exception {
        String name = PostgresDatabases.create("flowgate_cluster");
        String jdbc = PostgresDatabases.url(name);
        try (Receiver receiver = new Receiver();
             ServerProcess a = node("node-a", jdbc);
             ServerProcess b = node("node-b", jdbc);
             ServerProcess c = node("node-c", jdbc)) {
            receiver.closingConnections().answer(call -> new Receiver.Answer(200, "{\"ok\":true}", CALL_DELAY_MILLIS));
            a.start();
            String key = Files.readString(dir.resolve("node-a").resolve("admin.key")).trim();
            startTogether(b, c);
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
                        timeout: PT5M
                    """.formatted(receiver.url("/tick")));
            save(onB, """
                    id: cluster
                    steps:
                      - {id: nap, type: sleep, duration: PT1S}
                      - id: call
                        type: http
                        request: { method: POST, url: "%s" }
                        timeout: PT5M
                      - id: paid
                        type: wait-for-event
                        event: {type: com.acme.cluster.paid, correlation: "event.data.k = inputs.k"}
                        lookback: PT10M
                    """.formatted(receiver.url("/call")));

            // The feed (starts and their events) goes on while one node dies and another freezes.
            List<Http> live = new CopyOnWriteArrayList<>(List.of(onA, onB, onC));
            long t0 = System.nanoTime();
            List<String> ids;
            long killedAt;
            long pausedAt;
            long bTakenOver;
            long cTakenOver;
            Set<String> heldByC;
            Set<String> heldByB;
            long inFlightAtKill;
            long inFlightAtPause;
            long resumedAtMillis;
            long killedAtMillis = 0;
            try (ExecutorService feeder = Executors.newSingleThreadExecutor()) {
                Future<List<String>> feed = feeder.submit(() -> feed(live));

                await().atMost(Duration.ofSeconds(600)).until(() -> feedDone(feed)
                        || keys(receiver, "/call").size() >= EXECUTIONS / 5);
                live.remove(onC);
                inFlightAtKill = inFlight(receiver);
                c.kill();
                killedAt = System.nanoTime();
                killedAtMillis = System.currentTimeMillis();
                heldByC = held(jdbc, "node-c");
                awaitTakeover(jdbc, "node-c", heldByC);
                cTakenOver = System.nanoTime();

                await().atMost(Duration.ofSeconds(600)).until(() -> feedDone(feed)
                        || keys(receiver, "/call").size() >= 2 * EXECUTIONS / 5);
                live.remove(onB);
                inFlightAtPause = inFlight(receiver);
                b.pause();
                pausedAt = System.nanoTime();
                heldByB = held(jdbc, "node-b");
                // Frozen until a holds everything b held: longer than b's lease, by construction.
                awaitTakeover(jdbc, "node-b", heldByB);
                bTakenOver = System.nanoTime();
                // Stamped before SIGCONT: b sends what it had issued the instant it runs again, which can reach the
                // receiver before this thread gets back from resume() (a CI run saw calls 1-11 ms "before" it).
                resumedAtMillis = System.currentTimeMillis();
                b.resume();
                live.add(onB);
                ids = feed.get();
            }
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(600)).until(() -> allCompleted(jdbc));
            long done = System.nanoTime();

            // Stop the schedule (a version without it), then let its last runs end so the lists below are final.
            save(onA, "id: ticker\nsteps:\n  - {id: tick, type: log, message: done}\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc,
                    "SELECT count(*) FROM executions WHERE workflow_id = 'ticker' AND status NOT IN "
                            + "('completed', 'failure', 'cancelled') AND started_at IS NOT NULL") == 0);

            List<Receiver.Call> calls = receiver.calls();
            Map<String, Long> ends = stepEnds(jdbc);
            // A call arriving after its step's end is a second run of that step — unless it is a request the
            // frozen node had already issued when it froze and that only went out when it was continued: like a
            // request delayed in the network, no system can call it back (the idempotency key is for that).
            // Those arrive in the burst right after SIGCONT; any other late call fails the test.
            List<String> late = new ArrayList<>();
            int deliveredLateByFrozenNode = 0;
            Map<String, Integer> perKey = new HashMap<>();
            for (Receiver.Call call : calls) {
                String k = call.header("Idempotency-Key");
                perKey.merge(k, 1, Integer::sum);
                String[] parts = k.split(":");
                Long end = ends.get(parts[0] + ":" + parts[1]);
                if (end != null && call.atMillis() > end + HANDLING_SLACK_MILLIS) {
                    if (heldByB.contains(parts[0]) && call.atMillis() >= resumedAtMillis
                            && call.atMillis() < resumedAtMillis + FROZEN_BURST_MILLIS) {
                        deliveredLateByFrozenNode++;
                    } else {
                        late.add(k + " called at " + call.atMillis() + ", step ended at " + end + " (c killed at "
                                + killedAtMillis + ", b continued at " + resumedAtMillis + ")");
                    }
                }
            }
            Set<String> callKeys = keys(receiver, "/call");
            // The receiver always answers 200: a second attempt of a step would be a step run twice.
            assertThat(perKey.keySet()).as("only first attempts").allMatch(k -> k.endsWith(":1"));
            List<Instant> slots = slots(jdbc);
            long duplicates = calls.size() - perKey.size();
            double leaseLost = leaseLost(b);
            System.out.printf("cluster: %d executions (fed in %d ms, all completed %d ms after the start), "
                            + "%d calls (%d keys, %d duplicates of in-flight attempts), %d calls in flight at the "
                            + "kill, %d at the pause; node c held %d runs, taken over %d ms after the kill; node b "
                            + "held %d, taken over %d ms after the pause; %d schedule slots; b's refused late "
                            + "writes (flowgate_lease_lost_total): %s; %d calls issued by b before it froze arrived after their "
                            + "step's end; %d requests answered 503 and retried; start requests took %d ms on average, posting the "
                            + "event batches %d ms each on average%n",
                    ids.size(), millis(started - t0), millis(done - t0), calls.size(), perKey.size(), duplicates,
                    inFlightAtKill, inFlightAtPause, heldByC.size(), millis(cTakenOver - killedAt), heldByB.size(),
                    millis(bTakenOver - pausedAt), slots.size(), Double.isNaN(leaseLost) ? "not exposed" : leaseLost,
                    deliveredLateByFrozenNode, UNAVAILABLE.get(), millis(START_NANOS.get()) / Math.max(1, ids.size()),
                    millis(EVENT_NANOS.get()) / Math.max(1, (ids.size() + EVENT_BATCH - 1) / EVENT_BATCH));

            assertThat(late).as("calls for a step after its recorded end").isEmpty();
            Set<String> runs = new HashSet<>();
            query(jdbc, "SELECT id FROM executions WHERE workflow_id = 'cluster'", rs -> runs.add(rs.getString(1)));
            assertThat(runs).as("every acknowledged start is a run").containsAll(ids).hasSizeGreaterThanOrEqualTo(
                    EXECUTIONS);
            assertThat(callKeys.stream().map(k -> k.split(":")[0]).collect(java.util.stream.Collectors.toSet()))
                    .as("every run's call").containsExactlyInAnyOrderElementsOf(runs);
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
            // Slots admitted after the schedule was removed run the new revision (a log step): no call.
            Set<String> callingSlots = new HashSet<>();
            query(jdbc, "SELECT id FROM executions WHERE workflow_id = 'ticker' AND revision = 1 AND NOT "
                    + "(status = 'waiting' AND started_at IS NULL)", rs -> callingSlots.add(rs.getString(1)));
            assertThat(tickRuns).as("every slot's run made its call").containsExactlyInAnyOrderElementsOf(callingSlots);
            assertThat(callingSlots.size()).isGreaterThanOrEqualTo(slots.size() - 2);

            assertThat(leaseLost).as("node b's late writes were refused (flowgate_lease_lost_total)").isPositive();
        } catch (Throwable t) {
            for (String id : List.of("node-a", "node-b", "node-c")) {
                System.out.println("---- " + id + " errors ----\n"
                        + ServerProcess.errors(dir.resolve(id + ".log"), 200));
            }
            throw t;
        } finally {
            PostgresDatabases.drop(name);
        }
    }

    private ServerProcess node(String id, String jdbc) throws Exception {
        return new ServerProcess(dir.resolve(id), dir.resolve(id + ".log"), "--node-id", id, "--db", jdbc,
                "--lease", LEASE, "--allow-outbound", "127.0.0.1");
    }

    /** Under load a node needs ~10 s to be ready: start them side by side. */
    private static void startTogether(ServerProcess... nodes) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ServerProcess>> started = new ArrayList<>();
            for (ServerProcess node : nodes) {
                started.add(pool.submit(node::start));
            }
            for (Future<ServerProcess> f : started) {
                f.get();
            }
        }
    }

    private static void save(Http http, String yaml) {
        Http.Reply r = http.postYaml("/api/v1/workflows", yaml);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    /**
     * Starts every execution through the API, {@link #CLIENTS} requests at a time, each to a node of
     * {@code live} (which the test changes as nodes fail); after each block of {@link #EVENT_BATCH} starts,
     * posts that block's events as one batch to a random live node (they may come before the runs wait:
     * the step looks back).
     */
    private static List<String> feed(List<Http> live) throws Exception {
        Semaphore permits = new Semaphore(CLIENTS);
        List<Future<String>> futures = new ArrayList<>(EXECUTIONS);
        List<Future<Object>> events = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < EXECUTIONS; i++) {
                Map<String, Object> body = Map.of("inputs", Map.of("k", "k" + i));
                permits.acquire();
                futures.add(pool.submit(() -> {
                    long starting = System.nanoTime();
                    try {
                        return start(live, body);
                    } finally {
                        START_NANOS.addAndGet(System.nanoTime() - starting);
                        permits.release();
                    }
                }));
                if ((i + 1) % EVENT_BATCH == 0 || i == EXECUTIONS - 1) {
                    int from = i + 1 - ((i % EVENT_BATCH) + 1);
                    int to = i + 1;
                    events.add(pool.submit(() -> {
                        long posting = System.nanoTime();
                        retryOnAnotherNode(live, node -> {
                            postEvents(node, from, to);
                            return null;
                        });
                        EVENT_NANOS.addAndGet(System.nanoTime() - posting);
                        return null;
                    }));
                }
            }
        }
        for (Future<Object> f : events) {
            f.get();
        }
        List<String> ids = new ArrayList<>(EXECUTIONS);
        for (Future<String> f : futures) {
            ids.add(f.get());
        }
        return ids;
    }

    private static String start(List<Http> live, Map<String, Object> body) {
        return retryOnAnotherNode(live, node -> {
            Http.Reply r = node.postJson("/api/v1/workflows/cluster/executions", body);
            retryIfUnavailable(r);
            assertThat(r.status()).as(r.toString()).isEqualTo(202);
            return r.json().path("activityId").asText();
        });
    }

    /**
     * A request to the node killed under it fails with an I/O error: like a client behind a load balancer,
     * try another node. (A start that committed before the kill then exists twice; the checks count runs
     * from the database, not from the answers.) A {@code 503} (the node lost its database connection, for
     * instance while frozen) is retried the same way, as its Retry-After asks.
     */
    private static <T> T retryOnAnotherNode(List<Http> live, java.util.function.Function<Http, T> call) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return call.apply(pick(live));
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private static void retryIfUnavailable(Http.Reply r) {
        if (r.status() == 503) {
            UNAVAILABLE.incrementAndGet();
            assertThat(r.header("Retry-After")).as("Retry-After on " + r).isNotNull();
            throw new IllegalStateException("503, retrying on another node: " + r);
        }
    }

    private static Http pick(List<Http> live) {
        List<Http> now = List.copyOf(live);
        return now.get(ThreadLocalRandom.current().nextInt(now.size()));
    }

    private static boolean feedDone(Future<?> feed) throws Exception {
        if (feed.isDone()) {
            feed.get(); // a failed feed fails the test here, with its cause
            return true;
        }
        return false;
    }

    /** The events that resume runs {@code from} to {@code to} (exclusive), as one batch. */
    private static void postEvents(Http node, int from, int to) {
        List<String> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            batch.add(EventsContract.event("com.acme.cluster.paid", "paid-" + i, Map.of("k", "k" + i)));
        }
        Http.Reply r = node.post("/api/v1/events", "application/cloudevents-batch+json",
                "[" + String.join(",", batch) + "]");
        retryIfUnavailable(r);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
    }

    /** True once every run completed; fails at once when one did not (a failure would only time out later). */
    private static boolean allCompleted(String jdbc) throws SQLException {
        List<String> failed = new ArrayList<>();
        query(jdbc, "SELECT e.id, s.step_id, s.error FROM executions e LEFT JOIN steps s ON s.execution_id = e.id "
                + "AND s.status = 'failure' WHERE e.status IN ('failure', 'cancelled') LIMIT 5",
                rs -> failed.add(rs.getString(1) + " " + rs.getString(2) + ": " + rs.getString(3)));
        assertThat(failed).as("runs that did not complete").isEmpty();
        return count(jdbc, "SELECT count(*) FROM executions WHERE workflow_id = 'cluster' AND status = 'completed'")
                >= EXECUTIONS && count(jdbc, "SELECT count(*) FROM executions WHERE workflow_id = 'cluster' AND "
                + "status <> 'completed'") == 0;
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
        query(jdbc, "SELECT id FROM executions WHERE " + ownedBy(node) + " AND status NOT IN ('completed', 'failure', "
                + "'cancelled')", rs -> out.add(rs.getString(1)));
        return out;
    }

    /** Until no run of {@code ids} is held by {@code node}; on a timeout, says which are and how. */
    private static void awaitTakeover(String jdbc, String node, Set<String> ids) throws SQLException {
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> stillHeld(jdbc, node, ids) == 0);
            return;
        } catch (org.awaitility.core.ConditionTimeoutException slow) {
            System.out.println("cluster: still held by " + node + " after 10 s: " + heldRows(jdbc, node));
        }
        try {
            await().atMost(Duration.ofSeconds(80)).until(() -> stillHeld(jdbc, node, ids) == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Runs still held by " + node + ": " + heldRows(jdbc, node), e);
        }
    }

    /** Owners are lease tokens {@code node#epoch}. */
    private static String ownedBy(String node) {
        return "(owner = '" + node + "' OR owner LIKE '" + node + "#%')";
    }

    private static List<String> heldRows(String jdbc, String node) throws SQLException {
        List<String> rows = new ArrayList<>();
        query(jdbc, "SELECT id, status, started_at, wake_at, lease_until, (extract(epoch from now()) * 1000)::bigint "
                + "FROM executions WHERE " + ownedBy(node) + " AND status NOT IN ('completed', 'failure', 'cancelled') "
                + "LIMIT 10", rs -> rows.add(rs.getString(1) + " " + rs.getString(2) + " started="
                + rs.getString(3) + " wake=" + rs.getString(4) + " lease=" + rs.getString(5) + " now="
                + rs.getString(6)));
        return rows;
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

    /** This node's {@code flowgate_lease_lost_total} (summed over its labels), or NaN when it is not exposed. */
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
        return Sql.count(jdbc, sql);
    }

    private static void query(String jdbc, String sql, Sql.RowAction action) throws SQLException {
        Sql.query(jdbc, sql, action);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
