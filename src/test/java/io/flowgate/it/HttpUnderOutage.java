package io.flowgate.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients calling a node over HTTP while something it depends on is away (a broker restarting): webhooks that
 * start runs, the status of runs they started, {@code /readyz} and one event source. Every answer is recorded by
 * route and status; an answer that is neither {@code 2xx} nor {@code 503} with {@code Retry-After} is kept as
 * unexpected (there is no {@code 4xx} these requests can earn). Stop it with {@link #close()}.
 */
final class HttpUnderOutage implements AutoCloseable {
    static final int CLIENTS = 4;

    private final Http http;
    private final Map<String, String> hooks; // workflow id -> hook id
    private final String source;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Set<String>> started = new ConcurrentHashMap<>(); // workflow id -> run ids
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>(); // "route status" -> count
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final Set<String> sourceStates = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sequence = new AtomicInteger();

    HttpUnderOutage(Http http, Map<String, String> hooks, String source) {
        this.http = http;
        this.hooks = Map.copyOf(hooks);
        this.source = source;
        hooks.keySet().forEach(w -> started.put(w, ConcurrentHashMap.newKeySet()));
        for (int i = 0; i < CLIENTS; i++) {
            clients.submit(this::call);
        }
    }

    private void call() {
        List<String> workflows = List.copyOf(hooks.keySet());
        while (running.get()) {
            int n = sequence.incrementAndGet();
            try {
                switch (n % 5) {
                    case 0, 1 -> {
                        String workflow = workflows.get(ThreadLocalRandom.current().nextInt(workflows.size()));
                        Http.Reply r = http.postJson("/hooks/" + hooks.get(workflow), Map.of("p", n));
                        record("POST /hooks/" + workflow, r);
                        if (r.status() == 202) {
                            started.get(workflow).add(r.json().path("activityId").asText());
                        }
                    }
                    case 2 -> {
                        List<String> ids = new ArrayList<>();
                        started.values().forEach(ids::addAll);
                        if (!ids.isEmpty()) {
                            record("GET /api/v1/executions/{id}", http.get("/api/v1/executions/"
                                    + ids.get(ThreadLocalRandom.current().nextInt(ids.size()))));
                        }
                    }
                    case 3 -> record("GET /readyz", http.get("/readyz"));
                    default -> {
                        Http.Reply r = http.get("/api/v1/event-sources/" + source);
                        record("GET /api/v1/event-sources/{name}", r);
                        if (r.status() == 200) {
                            sourceStates.add(r.json().path("state").asText());
                        }
                    }
                }
                Thread.sleep(20); // a steady load, not a tight loop on two shared cores
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                unexpected.add("#" + n + ": " + e);
            }
        }
    }

    private void record(String route, Http.Reply r) {
        answers.computeIfAbsent(route + " " + r.status(), k -> new AtomicInteger()).incrementAndGet();
        boolean ok = r.status() / 100 == 2 || r.status() == 503 && r.header("Retry-After") != null;
        if (!ok) {
            unexpected.add(route + " -> " + r);
        }
    }

    /** Run ids of {@code workflow} that a {@code 202} acknowledged. */
    Set<String> started(String workflow) {
        return Set.copyOf(started.get(workflow));
    }

    int startedCount() {
        return started.values().stream().mapToInt(Set::size).sum();
    }

    /** Counts per route and status, e.g. {@code POST /hooks/x 202=140}. */
    Map<String, Integer> answers() {
        Map<String, Integer> out = new TreeMap<>();
        answers.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    /** The source states the clients saw through the API. */
    Set<String> sourceStates() {
        return Set.copyOf(sourceStates);
    }

    @Override
    public void close() {
        running.set(false);
        clients.close();
    }
}
