package io.sluice.requestevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.sluice.testkit.KafkaBroker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * With an OTLP endpoint configured, {@code GET /} continues the caller's trace, its spans reach the collector, and
 * the events it emits carry the trace context in their Kafka headers. The collector here is a stand-in that records
 * what is posted to {@code /v1/traces} (OTLP over http/protobuf).
 */
@ExtendWith(KafkaBroker.class)
class RequestEventsTracingIT {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    @TempDir
    Path dir;

    @Test
    void spans_are_exported_over_otlp_and_the_trace_context_travels_in_the_record_headers() throws IOException {
        List<byte[]> exported = new ArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (exported) {
                exported.add(body);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        String topic = KafkaBroker.freshTopic("events-traced", 1);
        try (RequestEventsFixture app = RequestEventsFixture.start(
                KafkaBroker.bootstrapServers(),
                topic,
                dir,
                Map.of(
                        "otel.exporter.otlp.endpoint",
                        "http://127.0.0.1:" + collector.getAddress().getPort(),
                        "otel.exporter.otlp.protocol",
                        "http/protobuf",
                        "events.trusted_proxies",
                        "127.0.0.1"))) {
            assertThat(app.get("/", "traceparent", PARENT, "X-Forwarded-For", "2001:db8::7e")
                            .statusCode())
                    .isEqualTo(200);

            List<ConsumerRecord<byte[], byte[]>> records = TopicReader.read(
                    KafkaBroker.bootstrapServers(),
                    topic,
                    e -> e.path("data").path("user_ip").asText().equals("2001:db8::7e"),
                    2);
            assertThat(records).hasSize(2);
            for (ConsumerRecord<byte[], byte[]> r : records) {
                Header h = r.headers().lastHeader("traceparent");
                assertThat(h).as("traceparent header").isNotNull();
                assertThat(new String(h.value(), StandardCharsets.UTF_8)).startsWith("00-" + TRACE_ID + "-");
            }
            byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                synchronized (exported) {
                    return exported.stream().anyMatch(b -> contains(b, traceId) && contains(b, "GET /".getBytes()));
                }
            });
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void without_an_otlp_endpoint_tracing_is_off_and_records_carry_no_trace_headers() {
        String topic = KafkaBroker.freshTopic("events-untraced", 1);
        try (RequestEventsFixture app = RequestEventsFixture.start(
                KafkaBroker.bootstrapServers(), topic, dir, Map.of("events.trusted_proxies", "127.0.0.1"))) {
            assertThat(app.get("/", "traceparent", PARENT, "X-Forwarded-For", "2001:db8::7f")
                            .statusCode())
                    .isEqualTo(200);

            List<ConsumerRecord<byte[], byte[]>> records = TopicReader.read(
                    KafkaBroker.bootstrapServers(),
                    topic,
                    e -> e.path("data").path("user_ip").asText().equals("2001:db8::7f"),
                    2);
            assertThat(records).hasSize(2);
            assertThat(records)
                    .allSatisfy(r -> assertThat(r.headers().toArray()).isEmpty());
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
