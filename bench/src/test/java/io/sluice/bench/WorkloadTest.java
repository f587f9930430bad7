package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.consumer.PoisonRecordException;
import io.sluice.textwriter.MessageIds;
import io.sluice.textwriter.TextMessage;
import io.sluice.textwriter.TextMessageDecoder;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    private final TextMessageDecoder decoder = new TextMessageDecoder();

    @Test
    void ids_are_unique_canonical_version_4_uuids() {
        Workload w = Workload.valid(7, 100);
        Set<UUID> seen = new HashSet<>();
        for (long i = 0; i < 200_000; i++) {
            UUID id = w.id(i);
            assertThat(seen.add(id)).as("id of message %d is new", i).isTrue();
            assertThat(id.version()).isEqualTo(4);
            assertThat(MessageIds.isUuid(id.toString())).isTrue();
        }
    }

    @Test
    void a_valid_value_has_the_requested_size_and_decodes_to_its_id_and_text() {
        Workload w = Workload.valid(7, 100);
        for (long i : new long[] {0, 1, 999_999, 123_456_789}) {
            byte[] value = w.value(i);
            assertThat(value).hasSize(100);
            TextMessage m = decoder.decode(record(value));
            assertThat(m.id()).isEqualTo(w.id(i));
            assertThat(m.message()).isEqualTo(w.text(i));
        }
    }

    @Test
    void about_the_requested_share_is_invalid_and_the_decoder_rejects_every_one() {
        Workload w = new Workload(11, 100, 0.01);
        int invalid = 0;
        for (long i = 0; i < 100_000; i++) {
            if (w.isInvalid(i)) {
                invalid++;
                byte[] value = w.value(i);
                assertThatThrownBy(() -> decoder.decode(record(value))).isInstanceOf(PoisonRecordException.class);
            }
        }
        assertThat(invalid).isBetween(800, 1_200);
    }

    @Test
    void the_same_seed_gives_the_same_messages() {
        assertThat(new Workload(3, 120, 0.01).value(42)).isEqualTo(new Workload(3, 120, 0.01).value(42));
        assertThat(Workload.valid(3, 100).id(42))
                .isNotEqualTo(Workload.valid(4, 100).id(42));
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>("t", 0, 0, null, value);
    }
}
