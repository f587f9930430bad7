package io.sluice.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.bench.Workload;
import io.sluice.core.consumer.PoisonRecordException;
import io.sluice.textwriter.MessageIds;
import io.sluice.textwriter.TextMessageDecoder;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ScanningIdDecoderTest {
    private final TextMessageDecoder production = new TextMessageDecoder();
    private final ScanningIdDecoder scanning = new ScanningIdDecoder();

    @Test
    void recognises_exactly_the_ids_the_production_pattern_accepts() {
        for (String id : new String[] {
            "5c2b6f0e-8f3a-4d1c-9e7a-3b1d0c4e2f61",
            "5C2B6F0E-8F3A-4D1C-9E7A-3B1D0C4E2F61",
            "5c2b6f0e8f3a-4d1c-9e7a-3b1d0c4e2f61-",
            "5c2b6f0e-8f3a-4d1c-9e7a-3b1d0c4e2f6",
            "5c2b6f0e-8f3a-4d1c-9e7a-3b1d0c4e2f61a",
            "5c2b6f0g-8f3a-4d1c-9e7a-3b1d0c4e2f61",
            "test-123",
            ""
        }) {
            assertThat(ScanningIdDecoder.isCanonicalUuid(id)).as(id).isEqualTo(MessageIds.isUuid(id));
        }
    }

    @Test
    void decodes_every_message_as_the_production_decoder_does() {
        Workload w = new Workload(5, 100, 0.05);
        for (long i = 0; i < 2_000; i++) {
            ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("t", 0, i, null, w.value(i));
            if (w.isInvalid(i)) {
                assertThatThrownBy(() -> scanning.decode(r)).isInstanceOf(PoisonRecordException.class);
            } else {
                assertThat(scanning.decode(r)).isEqualTo(production.decode(r));
            }
        }
        for (String value :
                new String[] {"{\"id\":\"test-123\",\"text\":\"a\"}", "{\"id\":42,\"text\":\"b\"}", "{\"text\":\"c\"}"
                }) {
            ConsumerRecord<byte[], byte[]> r =
                    new ConsumerRecord<>("t", 1, 7, null, value.getBytes(StandardCharsets.UTF_8));
            assertThat(scanning.decode(r)).isEqualTo(production.decode(r));
        }
    }
}
