package io.flowgate.ui;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.flowgate.it.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test gate (bench/console.sh runs it): each console page's first render from a warm
 * server holding N seeded executions (bench/Seed.java), measured with the browser's own clocks — navigation
 * timing for the document, and {@code performance.now()} at the first animation frame where the page's data
 * is on screen. Prints medians and 95th percentiles.
 */
class ConsoleFirstRender {
    static final int WARM_UP = 5;
    static final int RUNS = 20;

    @TempDir
    Path dir;

    @Test
    void measures_first_render_of_each_page() throws Exception {
        String seed = System.getProperty("flowgate.bench.console");
        Assumptions.assumeTrue(seed != null && Browser.available(), "bench/console.sh sets -Dflowgate.bench.console=N");
        try (TestServer first = TestServer.sqlite(dir)) {
            first.http().postYaml("/api/v1/workflows", Files.readString(Path.of("bench/three-steps.yaml")));
            first.http().postYaml("/api/v1/workflows", "id: hooked\nname: Hooked\ntriggers:\n  webhook: {auth: none}\n"
                    + "  manual: {}\nsteps:\n  - {id: a, type: log, message: hi}\n");
        }
        Path ids = dir.resolve("ids.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "bench/Seed.java", dir.resolve("data").toString(), seed,
                ids.toString()).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("seeding failed");
        }
        String execution = Files.readAllLines(ids).getLast();
        try (TestServer server = TestServer.sqlite(dir); Playwright pw = Browser.playwright();
             com.microsoft.playwright.Browser browser = Browser.launch(pw)) {
            String base = server.http().base();
            Page page = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                    .setViewportSize(1280, 800)).newPage();
            page.navigate(base + "/");
            page.getByLabel("API key").fill(server.app().adminKey());
            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Sign in")).click();
            page.locator("tbody tr").first().waitFor();
            Map<String, String[]> pages = new LinkedHashMap<>();
            pages.put("Workflows", new String[] {"/#/workflows", "tbody tr"});
            pages.put("Workflow editor", new String[] {"/#/workflows/bench-three/editor", ".editor .line"});
            pages.put("Activity", new String[] {"/#/activity", "tbody tr"});
            pages.put("Execution view", new String[] {"/#/executions/" + execution, ".timeline li"});
            System.out.printf("# %s executions stored; %d runs per page after %d warm-up runs; ms%n", seed, RUNS, WARM_UP);
            System.out.println("page | DOMContentLoaded p50 | p95 | data on screen p50 | p95");
            for (var e : pages.entrySet()) {
                List<Double> dcl = new ArrayList<>();
                List<Double> shown = new ArrayList<>();
                for (int i = 0; i < WARM_UP + RUNS; i++) {
                    page.navigate("about:blank");
                    page.navigate(base + e.getValue()[0]);
                    Object at = page.waitForFunction("s => document.querySelector(s) && performance.now()",
                            e.getValue()[1]).jsonValue();
                    Object loaded = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd");
                    if (i >= WARM_UP) {
                        shown.add(((Number) at).doubleValue());
                        dcl.add(((Number) loaded).doubleValue());
                    }
                }
                System.out.printf("%s | %.0f | %.0f | %.0f | %.0f%n", e.getKey(), pct(dcl, 50), pct(dcl, 95),
                        pct(shown, 50), pct(shown, 95));
            }
        }
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
