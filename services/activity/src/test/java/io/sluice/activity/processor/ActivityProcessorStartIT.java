package io.sluice.activity.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's bounded start, in a child JVM as {@code sluice run activity-processor} runs it ({@code ServiceMain}), with
 * the platform's logback configuration: against a closed port and {@code MAX_RETRIES=2 RETRY_DELAY=1} it gives up
 * after two attempts with one ERROR line in the seed's format and a non-zero exit.
 */
class ActivityProcessorStartIT {
    private static final Path PLATFORM_LOGBACK = Path.of("../../sluice-app/logback.xml");
    private static final String SEED_LINE = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} - ProcessingService - ";

    @TempDir
    Path dir;

    @Test
    void max_retries_exhausted_exits_non_zero_with_a_clear_error_line() throws Exception {
        int port = closedPort();
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx128m");
        cmd.add("-Dlogback.configurationFile="
                + PLATFORM_LOGBACK.toAbsolutePath().normalize());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(io.sluice.core.service.ServiceMain.class.getName());
        cmd.add("activity-processor");
        cmd.add("services.activity-processor.kafka.connect_timeout_ms=1000");
        cmd.add("--read-from-beginning");
        Path log = dir.resolve("child.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("KAFKA_BROKERS", "127.0.0.1:" + port);
        pb.environment().put("MAX_RETRIES", "2");
        pb.environment().put("RETRY_DELAY", "1");
        Process child = pb.start();
        try {
            assertThat(child.waitFor(40, TimeUnit.SECONDS))
                    .as("the child gave up")
                    .isTrue();
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(child.exitValue()).as(out).isNotZero();
            List<String> lines = out.lines().toList();
            assertThat(lines).anyMatch(l -> l.matches(SEED_LINE + "INFO - Starting Processing Service\\.\\.\\."));
            assertThat(lines)
                    .filteredOn(l -> l.matches(SEED_LINE + "ERROR - .*"))
                    .singleElement()
                    .satisfies(l -> assertThat(l)
                            .contains("ERROR - Failed to connect to Kafka at 127.0.0.1:" + port + " after 2 attempts"
                                    + " (MAX_RETRIES=2, RETRY_DELAY=1s)")
                            .endsWith("; check KAFKA_BROKERS and that the broker is up"));
            assertThat(lines).noneMatch(l -> l.contains("Successfully connected to Kafka"));
        } finally {
            child.destroyForcibly();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
