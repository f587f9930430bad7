package io.sluice.textwriter;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.consumer.Decoded;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class TextMessageSinkTest {

    @Test
    void encodes_rows_in_copy_text_format_escaping_what_copy_would_misread() {
        UUID id = UUID.fromString("00000000-0000-4000-8000-000000000001");
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>(
                "t",
                0,
                0,
                1_700_000_000_000L,
                TimestampType.CREATE_TIME,
                0,
                0,
                null,
                null,
                new RecordHeaders(),
                Optional.empty());
        List<Decoded<TextMessage>> rows = List.of(
                new Decoded<>(source, new TextMessage(id, "tab\there, line\nbreak, back\\slash, é", null)),
                new Decoded<>(source, new TextMessage(id, "plain", "test-123")));

        String copy = new String(TextMessageSink.encode(rows), StandardCharsets.UTF_8);

        assertThat(copy)
                .isEqualTo(id + "\ttab\\there, line\\nbreak, back\\\\slash, é\tkafka\t\\N\t2023-11-14T22:13:20Z\n" + id
                        + "\tplain\tkafka\ttest-123\t2023-11-14T22:13:20Z\n");
    }
}
