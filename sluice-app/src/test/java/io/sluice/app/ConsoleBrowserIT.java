package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.core.config.Settings;
import io.sluice.core.service.ServiceRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real browser (Debian's headless Chromium, issue 16) against a real platform as {@code sluice up}
 * runs it: the text writer, the request events and embeddings services and the console on embedded Kafka and
 * PostgreSQL (about 8 s to start here), with an API token. A poison record produced from the topic page reaches the
 * dead-letters page, its replay from there is recorded with its outcome, and its return is marked resolved; the
 * first write, answered 401, asks for the token once and the rest reuse it; the message browser's filter says what it
 * matched; the data panels create and find a message; every page loads with no error in the browser's console. Screenshots of each page go to {@code target/console-screenshots/}. Skipped, saying why,
 * where Chromium or chromedriver is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    private static final Duration PIPELINE = Duration.ofSeconds(90);
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    /** Every write needs it: the first one from the page asks for it, the rest reuse it. */
    private static final String TOKEN = "console-browser-it-" + UUID.randomUUID();

    @TempDir
    static Path data;

    static Platform platform;
    static ConsoleBrowser browser;
    static String console;

    @BeforeAll
    static void up() {
        assumeTrue(
                Files.isExecutable(ConsoleBrowser.CHROMIUM),
                "no Chromium at " + ConsoleBrowser.CHROMIUM + ": install Debian's chromium (.ci/run does, as root)");
        assumeTrue(
                Files.isExecutable(ConsoleBrowser.CHROMEDRIVER),
                "no chromedriver at " + ConsoleBrowser.CHROMEDRIVER
                        + ": install Debian's chromium-driver (.ci/run does, as root)");
        ServiceRegistry registry = ServiceRegistry.load();
        platform = Platform.start(
                registry,
                List.of(
                        registry.service("text-writer"),
                        registry.service("request-events"),
                        registry.service("embeddings"),
                        registry.service("console")),
                Settings.of(Map.of(
                        "embedded.kafka.port", "0",
                        "embedded.kafka.controller_port", "0",
                        "database.port", "0",
                        "http.port", "0",
                        "http.api_token", TOKEN)),
                data);
        console = "http://127.0.0.1:" + platform.port("console");
        browser = ConsoleBrowser.start(console, data.resolve("chromium-profile"), SCREENSHOTS);
    }

    @AfterAll
    static void down() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (platform != null) {
                platform.close();
            }
        }
    }

    @AfterEach
    void no_errors_in_the_browser_console() {
        assertThat(browser.severeSinceLastCall())
                .as("SEVERE entries in the browser's console")
                .isEmpty();
    }

    @Test
    @Order(1)
    void a_poison_record_produced_to_text_messages_shows_on_the_dead_letters_page_and_is_replayed_from_there() {
        browser.open("#/topics/text-messages");
        browser.shown("#produce-form textarea[name=value]").sendKeys("this is not JSON {");
        browser.shown("#produce-form input[name=key]").sendKeys("console-browser-it");
        browser.click("#produce-form button[type=submit]");
        // The console answers 401 (a token is configured): the page asks once, keeps it for the tab, and retries.
        browser.shown("#token-dialog #token-input").sendKeys(TOKEN);
        browser.click("#token-dialog button[value=ok]");
        browser.containing("#produce-result", "Written to text-messages");
        browser.expectUnauthorizedOnce("/api/topics/text-messages/messages");

        browser.open("#/dlq");
        browser.containing("#dlq-status", "scanned");
        // The list is redrawn when the dead letters change (SSE), so rows are looked up again by ID, never kept.
        String id = await().atMost(PIPELINE)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(
                        () -> {
                            // Read first, refresh only when nothing is there yet: a refresh redraws the list, and
                            // rows read while it is redrawn are stale (seen in CI on a loaded machine).
                            String found = browser.all("#dlq-list tr.dlq-row").stream()
                                    .filter(r -> r.getText().contains("text-messages / ")
                                            && r.getText().contains("open"))
                                    .map(r -> r.getDomAttribute("data-id"))
                                    .findFirst()
                                    .orElse(null);
                            if (found == null) {
                                browser.click("#dlq-refresh");
                            }
                            return found;
                        },
                        r -> r != null);
        String row = "#dlq-list tr.dlq-row[data-id='" + id + "']";
        assertThat(id).startsWith("text-messages.dlq:");
        browser.containing(row, "PoisonRecord");
        browser.screenshot("dlq");

        browser.click(row + " button[data-action=replay]");
        browser.containing("#dlq-plan", "Would replay 1");
        browser.click("#dlq-replay-confirm");
        assertThat(browser.all("#token-dialog[open]"))
                .as("the token is asked for once")
                .isEmpty();
        browser.containing("#dlq-outcomes", "replayed " + id + " → text-messages");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> browser.shown(
                        "#dlq-list tr.dlq-row[data-id='" + id + "']")
                .getText()
                .contains("replayed"));

        browser.click(row + " button.link");
        browser.containing("#dlq-detail", "→ text-messages partition");
        browser.screenshot("dlq-replayed");

        // The replayed record is poison still: it comes back as a new dead letter, which is marked resolved here.
        String again = await().atMost(PIPELINE)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(
                        () -> {
                            String found = browser.all("#dlq-list tr.dlq-row.status-open").stream()
                                    .map(r -> r.getDomAttribute("data-id"))
                                    .filter(other -> !other.equals(id))
                                    .findFirst()
                                    .orElse(null);
                            if (found == null) {
                                browser.click("#dlq-refresh");
                            }
                            return found;
                        },
                        r -> r != null);
        String againRow = "#dlq-list tr.dlq-row[data-id='" + again + "']";
        browser.click(againRow + " button[data-action=resolve]");
        browser.shown("#dlq-resolve-form input[name=note]").sendKeys("poison on purpose");
        browser.click("#dlq-resolve-form button[type=submit]");
        browser.containing("#dlq-outcomes", again + ": resolved");
        browser.containing(againRow, "resolved");
    }

    @Test
    @Order(2)
    void every_page_loads_with_no_console_errors() throws Exception {
        // A request to the request events service emits events for its panel to show.
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> hello = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port("request-events") + "/"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(hello.statusCode()).as(hello.body()).isEqualTo(200);
        }
        // Records for the text writer through the console's API (a script's write: the token, no origin), so that
        // the overview has a live rate to show.
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int i = 1; i <= 20; i++) {
                HttpResponse<String> produced = http.send(
                        HttpRequest.newBuilder(URI.create(console + "/api/topics/text-messages/messages"))
                                .header("Authorization", "Bearer " + TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"value\": \"{\\\"text\\\": \\\"record " + i + "\\\"}\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(produced.statusCode()).as(produced.body()).isEqualTo(201);
            }
        }
        browser.open("#/");
        browser.shown("#pipeline-graph svg");
        await().atMost(PIPELINE).ignoreExceptions().until(() -> browser.shown(
                        "#services-table tbody tr:has(a[href='#/service/text-writer'])")
                .getText()
                .matches("(?s).*\\bup\\s+[0-9.,]+/s.*"));
        browser.screenshot("overview");

        browser.open("#/service/text-writer");
        browser.shown("#service-summary dl.stats");
        browser.shown("#service-charts .uplot, #history-empty");
        browser.shown("#service-details table");
        browser.screenshot("service");

        browser.open("#/topics");
        browser.shown("#topics-table a[href='#/topics/text-messages']");
        browser.shown("#groups-table table");
        browser.screenshot("topics");

        browser.open("#/topics/text-messages");
        browser.shown("#partitions-table table");
        browser.containing("#browse-status", "scanned");
        browser.shown("#browse-form input[name=q]").sendKeys("record 7");
        browser.click("#browse-form button[type=submit]");
        browser.containing("#browse-status", "matched 1");
        browser.screenshot("topic");

        browser.open("#/data");
        browser.shown("#text-message-form input[name=message]").sendKeys("hello from the console");
        browser.click("#text-message-form button[type=submit]");
        browser.containing("#text-messages-list", "hello from the console");
        await().atMost(PIPELINE)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> {
                    browser.click("#request-events-refresh");
                    return browser.shown("#request-events-list").getText().contains("http_request");
                });
        // The embeddings service embeds the new message on its own: search by meaning until it is found.
        browser.shown("#panel-embeddings input[name=query]").sendKeys("greetings from the console");
        await().atMost(PIPELINE)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> {
                    browser.click("#panel-embeddings button[type=submit]");
                    return browser.shown("#panel-embeddings table").getText().contains("hello from the console");
                });
        browser.containing("#panel-inventory", "not running");
        browser.screenshot("data");

        browser.open("#/dlq");
        browser.containing("#dlq-status", "scanned");
        browser.shown("#dlq-summary table");
        browser.screenshot("dead-letters");
        assertThat(browser.pageSource()).as("no secret is rendered").doesNotContain(TOKEN);
    }
}
