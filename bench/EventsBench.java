import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The events benchmark's client (issue 11); no dependencies, so it runs as a single-file program.
 *
 *   java bench/EventsBench.java intake URL BATCHES SIZE CONCURRENCY
 *       posts BATCHES batches of SIZE CloudEvents (application/cloudevents-batch+json), CONCURRENCY at a
 *       time, and prints durable events/s (a 202 means every event of the batch is committed).
 *   java bench/EventsBench.java waits URL RUNS CONCURRENCY SAMPLES
 *       starts RUNS runs of bench-wait (each waits for bench.paid with its own key), waits until they all
 *       wait, then sends SAMPLES events one at a time, each resuming one random run, and prints the
 *       latency from the event's arrival (its receivedAt) to the wait step's end, both on the server clock.
 *
 * FLOWGATE_API_KEY in the environment.
 */
public class EventsBench {
    static final String KEY = System.getenv("FLOWGATE_API_KEY");
    static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    static final DateTimeFormatter STATUS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "intake" -> intake(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "waits" -> waits(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("intake | waits");
        }
    }

    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + KEY);
    }

    static String event(String type, String id, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/bench\",\"type\":\"" + type
                + "\",\"data\":" + data + "}";
    }

    static void intake(String url, int batches, int size, int concurrency) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        List<byte[]> bodies = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < size; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(event("bench.intake", run + "-" + b + "-" + i, "{\"n\":" + i + ",\"note\":\"an order line\"}"));
            }
            bodies.add(sb.append(']').toString().getBytes());
        }
        Semaphore permits = new Semaphore(concurrency);
        AtomicInteger failed = new AtomicInteger();
        long t0 = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (byte[] body : bodies) {
                permits.acquire();
                pool.submit(() -> {
                    try {
                        HttpResponse<String> r = HTTP.send(request(url + "/api/v1/events")
                                .header("Content-Type", "application/cloudevents-batch+json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 202) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    } finally {
                        permits.release();
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("intake_events=%d batch=%d concurrency=%d seconds=%.2f events_per_s=%.0f failed_batches=%d%n",
                (long) batches * size, size, concurrency, seconds, batches * size / seconds, failed.get());
    }

    static void waits(String url, int runs, int concurrency, int samples) throws Exception {
        Map<Integer, String> ids = new ConcurrentHashMap<>();
        Semaphore permits = new Semaphore(concurrency);
        long t0 = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < runs; i++) {
                int k = i;
                permits.acquire();
                pool.submit(() -> {
                    try {
                        HttpResponse<String> r = HTTP.send(request(url + "/api/v1/workflows/bench-wait/executions")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"k\":\"k" + k + "\"}}"))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        Matcher m = Pattern.compile("\"activityId\":\"([0-9a-f]+)\"").matcher(r.body());
                        if (m.find()) {
                            ids.put(k, m.group(1));
                        }
                    } finally {
                        permits.release();
                    }
                    return null;
                });
            }
        }
        System.out.printf("started_runs=%d seconds=%.1f%n", ids.size(), (System.nanoTime() - t0) / 1e9);
        while (gauge(url, "flowgate_waiting_steps") < runs) {
            Thread.sleep(500);
        }
        System.out.printf("all_waiting_after_s=%.1f%n", (System.nanoTime() - t0) / 1e9);
        List<Integer> picked = new ArrayList<>();
        String tag = Long.toString(System.nanoTime(), 36);
        for (int s = 0; s < samples; s++) {
            int k = ThreadLocalRandom.current().nextInt(runs);
            if (picked.contains(k)) {
                s--;
                continue;
            }
            picked.add(k);
            HttpResponse<String> r = HTTP.send(request(url + "/api/v1/events")
                    .header("Content-Type", "application/cloudevents+json")
                    .POST(HttpRequest.BodyPublishers.ofString(event("bench.paid", tag + "-" + k,
                            "{\"k\":\"k" + k + "\"}"))).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                throw new IllegalStateException(r.body());
            }
            Thread.sleep(20); // one event at a time: latency, not a queue
        }
        Map<String, Instant> received = new HashMap<>();
        Matcher em = Pattern.compile("\"id\":\"(" + tag + "-\\d+)\".*?\"receivedAt\":\"([^\"]+)\"")
                .matcher(get(url + "/api/v1/events?type=bench.paid&limit=500"));
        while (em.find()) {
            received.put(em.group(1), Instant.parse(em.group(2)));
        }
        long[] latencies = new long[picked.size()];
        int n = 0;
        Pattern stepEnd = Pattern.compile("\"taskId\":\"w\".*?\"flowTaskStatus\":\"completed\",\"startTime\":\"([^\"]+)\","
                + "\"duration\":(\\d+)");
        for (int k : picked) {
            String doc;
            Matcher m;
            while (!(m = stepEnd.matcher(doc = get(url + "/api/v1/executions/" + ids.get(k)))).find()) {
                Thread.sleep(20);
            }
            Instant end = OffsetDateTime.parse(m.group(1), STATUS_TIME).toInstant().plusMillis(Long.parseLong(m.group(2)));
            latencies[n++] = end.toEpochMilli() - received.get(tag + "-" + k).toEpochMilli();
        }
        Arrays.sort(latencies);
        System.out.printf("resume_samples=%d p50_ms=%d p99_ms=%d max_ms=%d%n", n, latencies[n / 2],
                latencies[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)], latencies[n - 1]);
    }

    static String get(String url) throws Exception {
        return HTTP.send(request(url).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static long gauge(String url, String name) throws Exception {
        for (String line : get(url + "/metrics").split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }
}
