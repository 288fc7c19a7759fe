package io.flowgate.ui;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright, headless, never downloading a browser. Tests that need it skip
 * (assumption) when {@code /usr/bin/chromium} is missing; .ci/run installs it.
 */
final class Browser {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private Browser() {}

    static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }

    static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    static com.microsoft.playwright.Browser launch(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--disable-background-networking", "--disable-component-update", "--no-first-run",
                        "--disable-sync", "--disable-default-apps", "--no-default-browser-check",
                        "--disable-features=Translate,OptimizationHints,MediaRouter", "--no-sandbox")));
    }
}
