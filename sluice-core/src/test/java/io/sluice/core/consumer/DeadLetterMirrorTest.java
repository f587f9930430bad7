package io.sluice.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class DeadLetterMirrorTest {
    private final ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("orders", 2, 7L, null, new byte[] {1});

    @Test
    void the_mirror_gets_each_letter_once_the_topic_acknowledged_it() {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        List<String> mirrored = new ArrayList<>();
        DeadLetterPublisher dlq = new DeadLetterPublisher(producer, "svc")
                .mirrorTo((r, e) -> mirrored.add(r.topic() + "@" + r.offset() + ": " + e.getMessage()));

        dlq.publish(record, new PoisonRecordException("bad json"));
        assertThat(mirrored).isEmpty();
        producer.completeNext();
        dlq.flush();

        assertThat(mirrored).containsExactly("orders@7: bad json");
    }

    @Test
    void a_failed_send_is_not_mirrored_and_a_failing_mirror_does_not_fail_the_flush() {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        List<Long> mirrored = new ArrayList<>();
        DeadLetterPublisher dlq = new DeadLetterPublisher(producer, "svc").mirrorTo((r, e) -> {
            mirrored.add(r.offset());
            throw new IllegalStateException("S3 is down");
        });

        dlq.publish(record, new PoisonRecordException("bad"));
        producer.errorNext(new RuntimeException("broker down"));
        assertThatThrownBy(dlq::flush).isInstanceOf(DeadLetterPublisher.DeadLetterException.class);
        assertThat(mirrored).isEmpty();

        dlq.publish(record, new PoisonRecordException("bad"));
        producer.completeNext();
        dlq.flush();
        assertThat(mirrored).containsExactly(7L);
    }
}
