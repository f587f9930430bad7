package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.core.service.ServiceRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service registered through the SPI in a test ({@link ThrowawayService}) is started by {@code up} and by
 * {@code run}, and shows in the banner and {@code run --help}, with no change in sluice-app.
 */
class ServiceRegistryIT {
    @TempDir
    Path data;

    @Test
    void the_registry_finds_every_service_in_start_order() {
        assertThat(ServiceRegistry.load().names())
                .containsExactly(
                        "text-writer",
                        "cdc-source",
                        "inventory",
                        "search-indexer",
                        "analytics",
                        "embeddings",
                        "request-events",
                        "activity-ingestion",
                        "activity-processor",
                        "console",
                        "throwaway");
    }

    @Test
    void up_starts_a_registered_service_with_its_namespaced_settings_and_shows_it_in_the_banner() throws Exception {
        ServiceRegistry registry = ServiceRegistry.load();
        Settings settings = Settings.of(Map.of("services.throwaway.greeting", "hi from up"));
        try (Platform platform = Platform.start(registry, List.of(registry.service("throwaway")), settings, data)) {
            assertThat(get(platform.port("throwaway"))).isEqualTo("hi from up");
            assertThat(platform.embeds("kafka")).as("it needs no Kafka").isFalse();
            StringWriter banner = new StringWriter();
            UpCommand.banner(new PrintWriter(banner), platform, 0.1);
            assertThat(banner.toString())
                    .contains("Throwaway", "http://localhost:" + platform.port("throwaway"), "greeting 'hi from up'")
                    .doesNotContain("Kafka", "PostgreSQL", "Text writer");
        }
    }

    @Test
    void up_binds_services_to_loopback_unless_a_bind_address_is_set() {
        ServiceRegistry registry = ServiceRegistry.load();
        try (Platform platform =
                Platform.start(registry, List.of(registry.service("throwaway")), Settings.of(Map.of()), data)) {
            assertThat(platform.services().getFirst().running().banner()).contains("bound to 127.0.0.1");
        }
        Settings open = Settings.of(Map.of("http.bind_address", "0.0.0.0"));
        try (Platform platform = Platform.start(registry, List.of(registry.service("throwaway")), open, data)) {
            assertThat(platform.services().getFirst().running().banner()).contains("bound to 0.0.0.0");
        }
    }

    @Test
    void run_help_lists_the_registered_services_with_what_they_do() {
        StringWriter out = new StringWriter();
        var cl = SluiceMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("run", "--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "text-writer",
                        "cdc-source",
                        "inventory",
                        "search-indexer",
                        "analytics",
                        "embeddings",
                        "request-events",
                        "activity-ingestion",
                        "activity-processor",
                        "console")
                .contains("throwaway", "a test service registered only in sluice-app's tests");
    }

    @Test
    void run_takes_the_flags_a_service_declares_and_refuses_others_naming_them() {
        var processor = ServiceRegistry.load().service("activity-processor");
        assertThat(io.sluice.core.service.ServiceMain.flagOverrides(processor, List.of("--read-from-beginning")))
                .containsExactly(Map.entry("services.activity-processor.read_from_beginning", "true"));
        StringWriter err = new StringWriter();
        var cl = SluiceMain.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("run", "text-writer", "--read-from-beginning")).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "Error: configuration: unknown option '--read-from-beginning' for text-writer; it accepts none");
        err.getBuffer().setLength(0);
        assertThat(cl.execute("run", "activity-processor", "--from-start")).isEqualTo(2);
        assertThat(err.toString())
                .contains("unknown option '--from-start' for activity-processor; it accepts --read-from-beginning");
    }

    @Test
    void an_unknown_service_is_a_configuration_error_naming_the_known_ones() {
        assertThatThrownBy(() -> ServiceRegistry.load().service("nope"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "unknown service 'nope'; known: text-writer, cdc-source, inventory, search-indexer, analytics,"
                                + " embeddings, request-events, activity-ingestion, activity-processor, console,"
                                + " throwaway");
        StringWriter err = new StringWriter();
        var cl = SluiceMain.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("run", "nope")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown service 'nope'");
    }

    @Test
    void run_starts_a_registered_service_alone_in_its_own_process_and_stops_on_sigterm() throws Exception {
        Path log = data.resolve("run.log");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        SluiceMain.class.getName(),
                        "run",
                        "throwaway",
                        "--set",
                        "services.throwaway.greeting=hi from run")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(log).contains("throwaway ready on http://localhost:"));
            String line = Files.readString(log)
                    .lines()
                    .filter(l -> l.contains("throwaway ready on"))
                    .findFirst()
                    .orElseThrow();
            int port = Integer.parseInt(line.replaceAll(".*http://localhost:(\\d+).*", "$1"));
            assertThat(get(port)).isEqualTo("hi from run");
            assertThat(line).contains("greeting 'hi from run'");
        } finally {
            p.destroy(); // SIGTERM
        }
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isIn(0, 143);
    }

    private static String get(int port) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
