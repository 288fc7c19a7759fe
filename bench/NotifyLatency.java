import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Cross-node live-stream lag: opens GET /api/v1/executions/stream on node A and on node B, starts RUNS short
 * executions on B (one every PACE_MS), and for every (execution, status) both streams showed, takes the time
 * A's line arrived minus the time B's did (both read by this one process, on one monotonic clock). B's own
 * stream is fed in-process; A's only by B's NOTIFY, so the difference is what a node of the cluster adds.
 * Usage: java bench/NotifyLatency.java URL_A URL_B API_KEY [RUNS] [PACE_MS]
 */
public class NotifyLatency {
    static final Pattern DATA = Pattern.compile("\"id\":\"([^\"]+)\".*\"status\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String a = args[0];
        String b = args[1];
        String key = args[2];
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 400;
        long pace = args.length > 4 ? Long.parseLong(args[4]) : 5;
        HttpClient http = HttpClient.newHttpClient();
        String yaml = "id: lag-probe\nsteps:\n  - {id: t, type: transform, output: '{\"x\": 1}'}\n";
        HttpResponse<String> saved = http.send(HttpRequest.newBuilder(URI.create(b + "/api/v1/workflows"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)).build(), HttpResponse.BodyHandlers.ofString());
        if (saved.statusCode() / 100 != 2) {
            throw new IllegalStateException("Saving the workflow: " + saved.statusCode() + " " + saved.body());
        }
        Map<String, Long> seenA = new ConcurrentHashMap<>();
        Map<String, Long> seenB = new ConcurrentHashMap<>();
        CountDownLatch open = new CountDownLatch(2);
        watch(http, a, key, seenA, open);
        watch(http, b, key, seenB, open);
        open.await();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < runs; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(b + "/api/v1/workflows/lag-probe/executions"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"activityId\":\"([^\"]+)\"").matcher(r.body());
            if (m.find()) {
                ids.add(m.group(1));
            }
            Thread.sleep(pace);
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && !ids.stream().allMatch(id -> seenA.containsKey(id + " completed"))) {
            Thread.sleep(50);
        }
        Thread.sleep(500); // stragglers of other statuses
        List<Double> lags = new ArrayList<>();
        int onlyB = 0;
        for (Map.Entry<String, Long> e : seenB.entrySet()) {
            if (!ids.contains(e.getKey().split(" ")[0])) {
                continue;
            }
            Long atA = seenA.get(e.getKey());
            if (atA == null) {
                onlyB++;
                continue;
            }
            lags.add((atA - e.getValue()) / 1e6);
        }
        Collections.sort(lags);
        long completedOnA = ids.stream().filter(id -> seenA.containsKey(id + " completed")).count();
        System.out.printf("runs %d, changes seen on both streams %d (on B only %d), runs completed on A's stream %d%n",
                ids.size(), lags.size(), onlyB, completedOnA);
        System.out.printf("cross-node stream lag ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
                pct(lags, 50), pct(lags, 90), pct(lags, 99), lags.isEmpty() ? Double.NaN : lags.getLast());
        System.exit(0);
    }

    static void watch(HttpClient http, String base, String key, Map<String, Long> seen, CountDownLatch open) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/executions/stream"))
                .header("Authorization", "Bearer " + key).GET().build();
        http.sendAsync(req, HttpResponse.BodyHandlers.ofLines()).thenAccept(res -> {
            try (Stream<String> lines = res.body()) {
                lines.forEach(line -> {
                    long now = System.nanoTime();
                    if (line.equals("event: open")) {
                        open.countDown();
                    } else if (line.startsWith("data:")) {
                        Matcher m = DATA.matcher(line);
                        if (m.find()) {
                            seen.putIfAbsent(m.group(1) + " " + m.group(2), now);
                        }
                    }
                });
            }
        });
    }

    static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
