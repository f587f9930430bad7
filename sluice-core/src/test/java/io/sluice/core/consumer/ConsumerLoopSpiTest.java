package io.sluice.core.consumer;

import static io.sluice.core.consumer.LoopHarness.P0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The widened runtime SPI on the mock clients: skip, null results, several topics, durable offsets, transactions. */
class ConsumerLoopSpiTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Skips tombstones (null values) and heartbeats. */
    private static final Decoder<String> SKIPPING = Decoder.skipping(r -> {
        if (r.value() == null) {
            return Decoding.skip("tombstone");
        }
        String v = new String(r.value(), StandardCharsets.UTF_8);
        return v.equals("heartbeat") ? Decoding.skip("heartbeat") : Decoding.value(v);
    });

    @Test
    void a_skipped_record_moves_the_offset_is_counted_and_never_reaches_the_sink_or_the_dead_letter_topic() {
        RecordingSink sink = new RecordingSink(false);
        try (var h = new LoopHarness<>(SKIPPING, sink).start(P0)) {
            h.produce(P0, "a", null, "heartbeat", "d");
            await().atMost(WAIT).until(() -> Long.valueOf(4).equals(h.committed(P0)));
            assertThat(sink.stored).containsExactly("a", "d");
            assertThat(h.deadLettered()).isEmpty();
            assertThat(h.loop.state().recordsSkipped()).isEqualTo(2);
            assertThat(h.loop.state().recordsWritten()).isEqualTo(2);
            assertThat(h.loop.state().recordsFailed()).isZero();
            assertThat(h.counter("sluice.consumer.records.skipped")).isEqualTo(2.0);
        }
    }

    @Test
    void a_batch_of_only_skipped_records_still_moves_the_stored_offsets() {
        RecordingSink sink = new RecordingSink(true);
        try (var h = new LoopHarness<>(SKIPPING, sink).start(P0)) {
            h.produce(P0, null, null);
            await().atMost(WAIT).until(() -> h.loop.state().recordsSkipped() == 2); // counted after the write settled
            assertThat(sink.offsets).containsEntry(P0, 2L);
            assertThat(sink.stored).isEmpty();
        }
    }

    @Test
    void a_decoder_that_returns_null_sends_the_record_to_the_dead_letter_topic_with_a_clear_error_and_goes_on() {
        Decoder<String> buggy = r -> {
            String v = new String(r.value(), StandardCharsets.UTF_8);
            return v.equals("nothing") ? null : v;
        };
        RecordingSink sink = new RecordingSink(false);
        try (var h = new LoopHarness<>(buggy, sink).start(P0)) {
            h.produce(P0, "a", "nothing", "c");
            await().atMost(WAIT).until(() -> Long.valueOf(3).equals(h.committed(P0)));
            assertThat(sink.stored).containsExactly("a", "c");
            assertThat(h.deadLettered()).containsExactly("nothing");
            assertThat(header(h.dlqProducer.history().get(0), DeadLetterPublisher.HEADER_ERROR_MESSAGE))
                    .contains("returned null for events-0@1", "Decoding.skip(reason)");
            assertThat(h.loop.state().status()).isEqualTo(ConsumerStatus.RUNNING);
        }
    }

    sealed interface Change permits Product, Order {}

    record Product(String name) implements Change {}

    record Order(String id) implements Change {}

    /** Collects changes of several topics. */
    static final class ChangeSink implements Sink<Change> {
        final List<Change> stored = new CopyOnWriteArrayList<>();

        @Override
        public void write(Batch<Change> batch) {
            batch.records().forEach(d -> stored.add(d.value()));
        }
    }

    private static final Decoder<Change> CHANGES = Decoder.byTopic(Map.of(
            "dbserver1.public.products",
            (Decoder<Product>) r -> new Product(new String(r.value(), StandardCharsets.UTF_8)),
            "dbserver1.public.orders",
            Decoder.<Order>skipping(r -> r.value() == null
                    ? Decoding.skip("tombstone")
                    : Decoding.value(new Order(new String(r.value(), StandardCharsets.UTF_8))))));

    @Test
    void one_loop_reads_a_list_of_topics_and_decodes_each_with_its_own_decoder() {
        TopicPartition products = new TopicPartition("dbserver1.public.products", 0);
        TopicPartition orders = new TopicPartition("dbserver1.public.orders", 0);
        TopicPartition items = new TopicPartition("dbserver1.public.order_items", 0);
        ChangeSink sink = new ChangeSink();
        var h = new LoopHarness<>(
                CHANGES,
                sink,
                OffsetCommitter.atLeastOnce(),
                c -> c.withTopics(List.of(products.topic(), orders.topic(), items.topic())));
        try (h) {
            h.start(products, orders, items);
            h.produce(products, "chair");
            h.produce(orders, "o-1", null);
            h.produce(items, "i-1");
            await().atMost(WAIT).until(() -> Long.valueOf(1).equals(h.committed(items)));
            assertThat(sink.stored).containsExactlyInAnyOrder(new Product("chair"), new Order("o-1"));
            assertThat(h.committed(orders)).isEqualTo(2L);
            assertThat(h.consumer.subscription())
                    .containsExactlyInAnyOrder(products.topic(), orders.topic(), items.topic());
            assertThat(h.deadLettered()).containsExactly("i-1"); // no decoder for order_items
            assertThat(header(h.dlqProducer.history().get(0), DeadLetterPublisher.HEADER_ERROR_MESSAGE))
                    .contains("no decoder for topic dbserver1.public.order_items");
            assertThat(h.dlqProducer.history().get(0).topic()).isEqualTo("dbserver1.public.order_items.dlq");
        }
    }

    @Test
    void one_loop_reads_every_topic_matching_a_pattern() {
        TopicPartition products = new TopicPartition("dbserver1.public.products", 0);
        TopicPartition orders = new TopicPartition("dbserver1.public.orders", 0);
        ChangeSink sink = new ChangeSink();
        var h = new LoopHarness<>(
                CHANGES,
                sink,
                OffsetCommitter.atLeastOnce(),
                c -> c.withTopicPattern(Pattern.compile("dbserver1\\.public\\.(products|orders)")));
        try (h) {
            h.start(products, orders);
            h.produce(products, "lamp");
            h.produce(orders, "o-2");
            await().atMost(WAIT).until(() -> sink.stored.size() == 2);
            assertThat(sink.stored).containsExactlyInAnyOrder(new Product("lamp"), new Order("o-2"));
        }
    }

    /** Buffers records into one "object" and makes it durable only once it holds at least four records. */
    static final class AccumulatingSink implements Sink<String> {
        final List<String> buffer = new ArrayList<>();
        final List<List<String>> objects = new CopyOnWriteArrayList<>();
        private Map<TopicPartition, Long> durable = Map.of();

        @Override
        public void write(Batch<String> batch) {
            batch.records().forEach(d -> buffer.add(d.value()));
            if (buffer.size() >= 4) {
                objects.add(List.copyOf(buffer));
                buffer.clear();
                durable = batch.nextOffsets();
            }
        }

        @Override
        public Map<TopicPartition, Long> durableOffsets(Map<TopicPartition, Long> written) {
            return durable;
        }
    }

    @Test
    void offsets_are_committed_only_once_the_sink_reports_them_durable() {
        AccumulatingSink sink = new AccumulatingSink();
        try (var h = new LoopHarness<>(LoopHarness.strings(), sink).start(P0)) {
            h.produce(P0, "a", "b");
            await().atMost(WAIT).until(() -> h.loop.state().recordsWritten() == 2);
            h.awaitPolls(5);
            assertThat(h.consumer.commits).isEmpty();

            h.produce(P0, "c", "d", "e");
            await().atMost(WAIT).until(() -> !h.consumer.commits.isEmpty());
            assertThat(sink.objects).containsExactly(List.of("a", "b", "c", "d", "e"));
            assertThat(h.consumer.commits).containsExactly(Map.of(P0, 5L));
        }
    }

    /** A processor's sink: sends each value, upper-cased, to an output topic through the transactional producer. */
    record UpperCaser(Producer<byte[], byte[]> producer, AtomicBoolean down) implements Sink<String> {
        @Override
        public void write(Batch<String> batch) {
            for (Decoded<String> d : batch.records()) {
                producer.send(
                        new ProducerRecord<>("out", d.value().toUpperCase().getBytes(StandardCharsets.UTF_8)));
            }
            if (down.get()) {
                throw new IllegalStateException("output cluster unavailable");
            }
        }
    }

    @Test
    void the_transactional_committer_commits_output_and_input_offsets_in_one_kafka_transaction() {
        MockProducer<byte[], byte[]> out =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        AtomicBoolean down = new AtomicBoolean(true);
        var h = new LoopHarness<>(
                LoopHarness.strings(), new UpperCaser(out, down), OffsetCommitter.kafkaTransactions(out), c -> c);
        try (h) {
            h.start(P0);
            h.produce(P0, "a", "b");
            await().atMost(WAIT).until(() -> h.loop.state().status() == ConsumerStatus.DEGRADED);
            assertThat(out.transactionAborted()).isTrue();
            assertThat(out.history()).as("aborted sends are not visible").isEmpty();

            down.set(false);
            h.clock.advance(Duration.ofSeconds(5));
            await().atMost(WAIT).until(() -> out.commitCount() == 1);
            assertThat(out.history())
                    .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly("A", "B");
            assertThat(out.consumerGroupOffsetsHistory())
                    .containsExactly(Map.of("dummy.group.id", Map.of(P0, new OffsetAndMetadata(2))));
            assertThat(h.consumer.commits)
                    .as("nothing is committed outside the transaction")
                    .isEmpty();
            assertThat(h.committed(P0)).isNull();
        }
        assertThat(h.consumer.commits).isEmpty();
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String key) {
        Header h = record.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
