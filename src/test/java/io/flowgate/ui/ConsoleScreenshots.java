package io.flowgate.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import io.flowgate.it.Http;
import io.flowgate.it.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Takes the screenshots of docs/console.md and the README at 1280×800 (and one at 390 px wide). Not part
 * of the normal run: {@code ./flowgate test -Dtest=ConsoleScreenshots -Dflowgate.screenshots=docs/images}.
 */
class ConsoleScreenshots {
    @TempDir
    Path dir;

    @Test
    void takes_the_console_screenshots() throws Exception {
        String out = System.getProperty("flowgate.screenshots");
        Assumptions.assumeTrue(out != null && Browser.available(), "set -Dflowgate.screenshots=DIR to take them");
        Path images = Path.of(out);
        Files.createDirectories(images);
        try (TestServer server = TestServer.sqlite(dir); Playwright pw = Browser.playwright();
             com.microsoft.playwright.Browser browser = Browser.launch(pw)) {
            Http http = server.http();
            String base = http.base();
            http.postYaml("/api/v1/workflows", "id: order-intake\nname: Order intake\ndescription: Accept orders from the shop\n"
                    + "triggers:\n  manual: {}\n  webhook:\n    auth: none\n    form: {title: Place an order}\n    params:\n"
                    + "      - {name: order.id, type: string, required: true, label: Order number}\n      - {name: qty, type: integer}\n"
                    + "steps:\n  - id: check\n    name: Check the order\n    type: transform\n    output: '{ \"ok\": true, \"order\": trigger.body.order }'\n"
                    + "  - id: wait\n    name: Wait for stock\n    type: sleep\n    duration: PT1S\n    needs: [check]\n"
                    + "  - id: done\n    name: Confirm\n    type: log\n    message: confirmed\n    needs: [wait]\n");
            http.postYaml("/api/v1/workflows", "id: nightly-report\nname: Nightly report\ntriggers:\n  schedule:\n"
                    + "    - cron: \"0 2 * * *\"\n      timezone: Europe/Paris\nsteps:\n  - id: a\n    type: log\n    message: report\n");
            http.postYaml("/api/v1/workflows", "id: refund\nname: Refund\ntriggers:\n  manual: {}\nsteps:\n  - id: boom\n"
                    + "    name: Call the bank\n    type: fail\n    message: bank said no\n");
            String hookUrl = http.get("/api/v1/workflows/order-intake").json().at("/webhook/url").asText();
            String hookPath = java.net.URI.create(hookUrl).getPath();
            String last = null;
            for (int i = 0; i < 6; i++) {
                last = http.withKey(null).postJson(hookPath, Map.of("order", Map.of("id", "A-" + i), "qty", i + 1))
                        .json().get("activityId").asText();
                http.postJson("/api/v1/workflows/refund/executions", Map.of("inputs", Map.of()));
            }
            String lastRun = last;
            await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/v1/executions/" + lastRun).json()
                    .path("status").asText().equals("completed"));
            http.postYaml("/api/v1/workflows", "id: ship-order\nname: Ship order\ntriggers:\n  manual: {}\nsteps:\n"
                    + "  - {id: pack, name: Pack the parcel, type: log, message: packed}\n"
                    + "  - {id: sign, name: Sign off the shipment, type: approval, message: 'Ship order A-5 (6 items) today?',"
                    + " approvers: [admin, ops-lead]}\n  - {id: ship, name: Book the carrier, type: log, message: shipped}\n");
            String approvalRun = http.postJson("/api/v1/workflows/ship-order/executions", Map.of("inputs", Map.of()))
                    .json().get("activityId").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/v1/executions/" + approvalRun).json()
                    .path("status").asText().equals("waiting"));

            BrowserContext context = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                    .setViewportSize(1280, 800));
            Page page = context.newPage();
            page.navigate(base + "/");
            page.getByLabel("API key").fill("fgk_example");
            shot(page, images, "console-sign-in.png");
            page.getByLabel("API key").fill(server.app().adminKey());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Order intake"))).isVisible();
            assertThat(page.locator("td .status").first()).isVisible();
            shot(page, images, "console-workflows.png");

            page.navigate(base + "/#/workflows/order-intake/editor");
            page.getByLabel("Workflow YAML").press("End");
            assertThat(page.getByText("No problems.")).isVisible();
            shot(page, images, "console-editor.png");

            page.navigate(base + "/#/workflows/order-intake/configure");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Build webhook URL")).click();
            page.getByLabel("Time zone").selectOption("Europe/Paris");
            page.getByLabel("Cron").fill("0 9 * * MON-FRI");
            page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Webhook")).scrollIntoViewIfNeeded();
            assertThat(page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Next fire times"))
                    .getByRole(AriaRole.LISTITEM)).hasCount(5);
            shot(page, images, "console-configure.png");

            page.navigate(base + "/#/workflows/order-intake/requests");
            assertThat(page.locator("details").first()).isVisible();
            page.locator("details summary").first().click();
            shot(page, images, "console-requests.png");

            page.navigate(base + "/#/executions/" + lastRun);
            assertThat(page.locator("#run-status")).hasText("completed");
            shot(page, images, "console-execution.png");

            page.navigate(base + "/#/executions/" + approvalRun);
            page.getByLabel("Comment").fill("Stock checked, carrier booked.");
            shot(page, images, "console-approval.png");

            page.navigate(base + "/#/activity");
            assertThat(page.locator("tbody tr").first()).isVisible();
            page.locator(".u-wrap").first().waitFor();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("ship-order · sign")).waitFor();
            shot(page, images, "console-activity.png");

            String hookId = http.get("/api/v1/workflows/order-intake").json().at("/webhook/hookId").asText();
            page.navigate(base + "/forms/" + hookId);
            shot(page, images, "console-form.png");

            page.navigate(base + "/api/docs");
            page.locator(".opblock").first().waitFor();
            shot(page, images, "console-api.png");

            page.setViewportSize(390, 844);
            page.navigate(base + "/#/workflows");
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Order intake"))).isVisible();
            assertThat(page.locator("td .status").first()).isVisible();
            shot(page, images, "console-workflows-390.png");
            page.navigate(base + "/#/executions/" + lastRun);
            assertThat(page.locator("#run-status")).hasText("completed");
            shot(page, images, "console-execution-390.png");
            context.close();
        }
    }

    private static void shot(Page page, Path images, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(images.resolve(name)));
    }
}
