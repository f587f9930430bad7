package io.sluice.bench.activity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code n} distinct EnrichedEvents (SPEC.md §3.3, every field, ~600 bytes) as the ingestion API writes them: keyed by
 * user (1,000 users), sessions of ~20 events, 5 event types, 50 pages, event times spread over an hour. Seeded, so a
 * run can be repeated.
 */
final class ActivityWorkload {
    static final String[] TYPES = {"page_view", "page_view", "page_view", "click", "scroll", "purchase", "signup"};

    private final long seed;
    private final long n;
    private final Instant start = Instant.parse("2024-01-15T10:00:00Z");

    ActivityWorkload(long seed, long n) {
        this.seed = seed;
        this.n = n;
    }

    /** Sends every event (snappy, as the ingestion API does) and waits for the acknowledgements; returns the nanos. */
    long produce(KafkaProducer<byte[], byte[]> producer, String topic) {
        SplittableRandom random = new SplittableRandom(seed);
        long t0 = System.nanoTime();
        for (long i = 0; i < n; i++) {
            String user = "user-" + random.nextInt(1000);
            String json = event(i, user, random);
            producer.send(new ProducerRecord<>(
                    topic, user.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
        return System.nanoTime() - t0;
    }

    private String event(long i, String user, SplittableRandom random) {
        String id = "%08x-%04x-4000-8000-%012x".formatted(seed & 0xffffffffL, i >>> 48 & 0xffff, i);
        String type = TYPES[random.nextInt(TYPES.length)];
        String time = start.plusMillis(i * 3_600_000L / Math.max(1, n)).toString();
        return "{\"event_id\":\"" + id + "\",\"request_id\":\"req-" + (i / 10) + "\",\"event_type\":\"" + type
                + "\",\"timestamp\":\"" + time + "\",\"user_id\":\"" + user + "\",\"session_id\":\"" + user + "-s"
                + (i / 20_000) + "\",\"page_url\":\"https://shop.example/p/" + random.nextInt(50)
                + "\",\"event_data\":{\"button_clicked\":\"submit\",\"form_data\":{\"field1\":\"value"
                + random.nextInt(100) + "\"}},\"client_info\":{\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64)"
                + " AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36\",\"screen_resolution\":"
                + "\"1920x1080\",\"language\":\"en-US\"},\"service_info\":{\"service_name\":\"ingestion-service\","
                + "\"service_version\":\"1.0.0\",\"environment\":\"production\"},\"processing_info\":{\"received_at\":\""
                + time + "\",\"processed_at\":\"" + time + "\",\"processing_ms\":" + random.nextInt(10) + "}}";
    }
}
