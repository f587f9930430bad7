package io.sluice.cdcsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The at-least-once contract: nothing is marked processed before Kafka acknowledged all of its batch. */
class ChangePublisherTest {
    private final CaptureState state = new CaptureState(Clock.systemUTC());
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final FailingProducer producer = new FailingProducer();
    private final Committer committer = new Committer();
    private final ChangePublisher publisher =
            new ChangePublisher(producer, state, stopping::get, new SimpleMeterRegistry());

    @Test
    void a_batch_is_published_in_order_with_tombstones_then_marked_processed() throws Exception {
        publisher.handleBatch(List.of(event("k1", "v1"), event("k1", null), event("k2", "v2")), committer);

        assertThat(producer.history())
                .extracting(r -> r.topic() + ":" + r.key() + "=" + r.value())
                .containsExactly(
                        "dbserver1.public.products:k1=v1",
                        "dbserver1.public.products:k1=null",
                        "dbserver1.public.products:k2=v2");
        assertThat(committer.processed).hasSize(3);
        assertThat(committer.batchesFinished).isEqualTo(1);
        assertThat(state.published()).isEqualTo(3);
        assertThat(state.status()).isEqualTo(CaptureStatus.RUNNING);
    }

    @Test
    void a_refused_batch_is_sent_again_and_marked_only_once_it_is_acknowledged() throws Exception {
        producer.failures.set(2);

        publisher.handleBatch(List.of(event("k1", "v1"), event("k2", "v2")), committer);

        assertThat(committer.processed).hasSize(2);
        assertThat(committer.batchesFinished).isEqualTo(1);
        assertThat(state.describe().get("last_error").toString()).contains("publishing 2 events failed");
    }

    @Test
    void stopping_while_kafka_refuses_leaves_the_batch_unmarked_for_the_next_start() {
        producer.failures.set(Integer.MAX_VALUE);
        stopping.set(true);

        assertThatThrownBy(() -> publisher.handleBatch(List.of(event("k1", "v1")), committer))
                .isInstanceOf(InterruptedException.class)
                .hasMessageContaining("the next start publishes it again");
        assertThat(committer.processed).isEmpty();
        assertThat(committer.batchesFinished).isZero();
    }

    private static ChangeEvent<String, String> event(String key, String value) {
        return new ChangeEvent<>() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public String value() {
                return value;
            }

            @Override
            public String destination() {
                return "dbserver1.public.products";
            }

            @Override
            public Integer partition() {
                return null;
            }
        };
    }

    /** Acknowledges every send, except that the first {@code failures} sends time out. */
    private static final class FailingProducer extends MockProducer<String, String> {
        final AtomicInteger failures = new AtomicInteger();

        FailingProducer() {
            super(true, null, new StringSerializer(), new StringSerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> record) {
            if (failures.getAndDecrement() > 0) {
                return CompletableFuture.failedFuture(new TimeoutException("broker unreachable"));
            }
            return super.send(record);
        }
    }

    private static final class Committer implements DebeziumEngine.RecordCommitter<ChangeEvent<String, String>> {
        final List<ChangeEvent<String, String>> processed = new ArrayList<>();
        int batchesFinished;

        @Override
        public void markProcessed(ChangeEvent<String, String> record) {
            processed.add(record);
        }

        @Override
        public void markBatchFinished() {
            batchesFinished++;
        }

        @Override
        public void markProcessed(ChangeEvent<String, String> record, DebeziumEngine.Offsets offsets) {
            processed.add(record);
        }

        @Override
        public DebeziumEngine.Offsets buildOffsets() {
            throw new UnsupportedOperationException();
        }
    }
}
