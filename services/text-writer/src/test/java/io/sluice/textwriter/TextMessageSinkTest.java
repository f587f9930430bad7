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

    @Test
    void orders_ids_as_postgresql_does_unsigned_bytes_and_keeps_the_order_of_equal_ids() {
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>("t", 0, 0, new byte[0], new byte[0]);
        UUID low = UUID.fromString("7fffffff-ffff-4fff-bfff-ffffffffffff");
        UUID high = UUID.fromString("80000000-0000-4000-8000-000000000000");
        UUID highLow = UUID.fromString("80000000-0000-4000-0000-000000000001");
        List<Decoded<TextMessage>> rows = new java.util.ArrayList<>(List.of(
                new Decoded<>(source, new TextMessage(high, "first", null)),
                new Decoded<>(source, new TextMessage(low, "low", null)),
                new Decoded<>(source, new TextMessage(high, "second", null)),
                new Decoded<>(source, new TextMessage(highLow, "high-low", null))));

        rows.sort(TextMessageSink.IN_ID_ORDER);

        // PostgreSQL compares uuids as 16 unsigned bytes: 0x80.. after 0x7f.., though Java's UUID.compareTo disagrees
        assertThat(rows).extracting(r -> r.value().message()).containsExactly("low", "high-low", "first", "second");
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
