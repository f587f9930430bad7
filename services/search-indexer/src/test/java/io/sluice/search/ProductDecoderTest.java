package io.sluice.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.consumer.Decoding;
import io.sluice.core.consumer.PoisonRecordException;
import io.sluice.testkit.DebeziumFixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ProductDecoderTest {
    static final List<String> FIXTURES = DebeziumFixtures.NAMES;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ProductDecoder decoder = new ProductDecoder();

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void captured_products_decode_in_every_encoding_with_exact_prices_and_the_seeds_cdc_timestamp(String fixture) {
        List<ProductVersion> versions = new ArrayList<>();
        List<Long> updatedAt = new ArrayList<>();
        int skipped = 0;
        for (DebeziumFixtures.Line l : DebeziumFixtures.load(fixture)) {
            if (!l.topic().endsWith(".products")) {
                continue;
            }
            switch (decoder.decodeOrSkip(record(l.topic(), l.valueBytes()))) {
                case Decoding.Value<ProductVersion> v -> {
                    versions.add(v.value());
                    updatedAt.add(updatedAtMicros(l.value()));
                }
                case Decoding.Skip<ProductVersion> s -> skipped++;
            }
        }

        assertThat(skipped).as("the tombstone").isEqualTo(1);
        assertThat(versions).extracting(ProductVersion::productId).containsExactly(1L, 2L, 3L, 4L, 5L, 2L, 3L);
        assertThat(versions.subList(0, 6))
                .extracting(v -> Prices.cents(v.price()))
                .containsExactly(129999L, 2999L, 1999L, 29L, 435L, 2499L);
        ProductVersion mouse = versions.get(1);
        assertThat(mouse.name()).isEqualTo("Wireless Mouse");
        assertThat(mouse.description()).isEqualTo("High-Performance Wireless Mouse");
        assertThat(mouse.stockQuantity()).isEqualTo(200);
        assertThat(mouse.deleted()).isFalse();
        assertThat(mouse.sourceTimeMs()).isPositive();
        assertThat(versions.get(3).description()).isNull();
        ProductVersion update = versions.get(5);
        assertThat(update.stockQuantity()).isEqualTo(150);
        assertThat(update.position().isAfter(mouse.position())).isTrue();
        assertThat(update.cdcTimestamp()).isGreaterThan(mouse.cdcTimestamp());
        for (int i = 0; i < 6; i++) {
            assertThat(versions.get(i).cdcTimestamp()).as("version " + i).isEqualTo(updatedAt.get(i));
        }
        ProductVersion deleted = versions.get(6);
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.position().isAfter(versions.get(2).position())).isTrue();
    }

    @Test
    void orders_and_other_tables_are_poison_naming_the_table() {
        for (String table : List.of("orders", "order_items", "measures")) {
            DebeziumFixtures.Line line = DebeziumFixtures.load("flattened").stream()
                    .filter(l -> l.topic().endsWith("." + table) && l.value() != null)
                    .findFirst()
                    .orElseThrow();

            assertThatThrownBy(() -> decoder.decodeOrSkip(record(line.topic(), line.valueBytes())))
                    .isInstanceOf(PoisonRecordException.class)
                    .hasMessageContaining("unknown table '" + table + "'");
        }
    }

    @Test
    void a_value_that_is_not_a_change_event_is_poison() {
        assertThatThrownBy(() -> decoder.decodeOrSkip(record("not json"))).isInstanceOf(PoisonRecordException.class);
        assertThatThrownBy(() -> decoder.decodeOrSkip(record("{\"hello\":1}")))
                .isInstanceOf(PoisonRecordException.class);
        assertThatThrownBy(() -> decoder.decodeOrSkip(
                        record("{\"__op\":\"c\",\"__source_table\":\"products\",\"__lsn\":5,\"id\":1,\"name\":\"x\"}")))
                .as("no price")
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("products.price");
    }

    @Test
    void cdc_timestamp_is_updated_at_when_the_column_exists_even_null_else_created_at_else_null() {
        assertThat(version("\"created_at\":1796407846451596,\"updated_at\":1796407847603769,")
                        .cdcTimestamp())
                .isEqualTo(1796407847603769L);
        assertThat(version("\"created_at\":1796407846451596,\"updated_at\":null,")
                        .cdcTimestamp())
                .isNull();
        assertThat(version("\"created_at\":1796407846451596,").cdcTimestamp()).isEqualTo(1796407846451596L);
        assertThat(version("").cdcTimestamp()).isNull();
    }

    @Test
    void a_missing_name_and_stock_are_the_seeds_defaults_and_a_delete_needs_only_the_key() {
        ProductVersion v = decoder.decode(
                record("{\"__op\":\"c\",\"__source_table\":\"products\",\"__lsn\":7,\"id\":4,\"price\":\"0.29\"}"));
        assertThat(v.name()).isNull();
        assertThat(v.stockQuantity()).isZero();
        assertThat(ProductDocument.of(v, java.time.Instant.EPOCH).name()).isEmpty();
        assertThat(ProductDocument.of(v, java.time.Instant.EPOCH).priceCents()).isEqualTo(29);

        ProductVersion d = decoder.decode(record("{\"op\":\"d\",\"before\":{\"id\":4},\"after\":null,"
                + "\"source\":{\"table\":\"products\",\"lsn\":9,\"ts_ms\":5}}"));
        assertThat(d.deleted()).isTrue();
        assertThat(d.productId()).isEqualTo(4);
        assertThat(d.position().changeLsn()).isEqualTo(9);
        assertThat(d.sourceTimeMs()).isEqualTo(5);
    }

    @Test
    void a_truncate_and_a_tombstone_are_skipped() {
        assertThat(decoder.decodeOrSkip(record("{\"op\":\"t\",\"before\":null,\"after\":null,"
                        + "\"source\":{\"table\":\"products\",\"lsn\":9}}")))
                .isInstanceOf(Decoding.Skip.class);
        assertThat(decoder.decodeOrSkip(new ConsumerRecord<>("dbserver1.public.products", 0, 0L, null, null)))
                .isInstanceOf(Decoding.Skip.class);
    }

    private ProductVersion version(String timestamps) {
        return decoder.decode(record("{\"__op\":\"u\",\"__source_table\":\"products\",\"__lsn\":7,\"id\":4,"
                + timestamps + "\"name\":\"Pen\",\"price\":\"1.00\",\"stock_quantity\":3}"));
    }

    /** The fixture's {@code updated_at} in micros: micros as captured, or millis (connect mode) times 1000. */
    private static Long updatedAtMicros(String value) {
        try {
            var root = JSON.readTree(value);
            var payload = root.has("payload") ? root.get("payload") : root;
            var row = payload.has("after") ? payload.get("after") : payload;
            if (!row.has("updated_at")) {
                return null;
            }
            long v = row.get("updated_at").asLong();
            return v > 100_000_000_000_000L ? v : v * 1000;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(String value) {
        return record("dbserver1.public.products", value.getBytes(StandardCharsets.UTF_8));
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] value) {
        return new ConsumerRecord<>(topic, 0, 0L, null, value);
    }
}
