package io.sluice.textwriter;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.consumer.Decoded;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
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
    void encodes_rows_in_the_binary_copy_format_text_untouched() throws IOException {
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
        String text = "tab\there, line\nbreak, back\\slash, é";
        List<Decoded<TextMessage>> rows = List.of(
                new Decoded<>(source, new TextMessage(id, text, null)),
                new Decoded<>(source, new TextMessage(id, "plain", "test-123")));

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(TextMessageSink.encode(rows)));

        assertThat(in.readNBytes(11)).isEqualTo("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(in.readInt()).as("flags").isZero();
        assertThat(in.readInt()).as("header extension").isZero();
        // 2023-11-14T22:13:20Z in microseconds since 2000-01-01T00:00:00Z
        long created = (1_700_000_000_000L - 946_684_800_000L) * 1000;
        assertRow(in, id, text, null, created);
        assertRow(in, id, "plain", "test-123", created);
        assertThat(in.readShort()).as("trailer").isEqualTo((short) -1);
        assertThat(in.read()).as("nothing after the trailer").isEqualTo(-1);
    }

    private static void assertRow(DataInputStream in, UUID id, String message, String sourceId, long created)
            throws IOException {
        assertThat(in.readShort()).as("fields").isEqualTo((short) 5);
        assertThat(in.readInt()).isEqualTo(16);
        assertThat(new UUID(in.readLong(), in.readLong())).isEqualTo(id);
        assertThat(field(in)).isEqualTo(message);
        assertThat(field(in)).isEqualTo("kafka");
        assertThat(field(in)).isEqualTo(sourceId);
        assertThat(in.readInt()).isEqualTo(8);
        assertThat(in.readLong()).isEqualTo(created);
    }

    private static String field(DataInputStream in) throws IOException {
        int n = in.readInt();
        return n < 0 ? null : new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
