import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts N executions of one workflow through the manual-trigger API, C at a time, and prints how long it took.
 * Usage: java bench/StartMany.java URL WORKFLOW N C   (FLOWGATE_API_KEY in the environment)
 */
public class StartMany {
    public static void main(String[] args) throws Exception {
        String url = args[0] + "/api/v1/workflows/" + args[1] + "/executions";
        int n = Integer.parseInt(args[2]);
        Semaphore permits = new Semaphore(Integer.parseInt(args[3]));
        String key = System.getenv("FLOWGATE_API_KEY");
        AtomicInteger failed = new AtomicInteger();
        long t0 = System.nanoTime();
        try (HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            for (int i = 0; i < n; i++) {
                permits.acquire();
                pool.submit(() -> {
                    try {
                        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 202) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    } finally {
                        permits.release();
                    }
                });
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("started=%d failed=%d seconds=%.1f per_second=%.0f%n", n - failed.get(), failed.get(), s, n / s);
    }
}
