package io.sluice.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class InventoryDecoderTest {
    static final List<String> FIXTURES = DebeziumFixtures.NAMES;
    private final InventoryDecoder decoder = new InventoryDecoder();

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void captured_products_and_order_items_decode_in_every_encoding(String fixture) {
        List<ProductChange> products = new ArrayList<>();
        List<ItemChange> items = new ArrayList<>();
        int skipped = 0;
        for (DebeziumFixtures.Line l : DebeziumFixtures.load(fixture)) {
            if (!l.topic().endsWith("products") && !l.topic().endsWith("order_items")) {
                continue;
            }
            switch (decoder.decodeOrSkip(record(l.topic(), l.valueBytes()))) {
                case Decoding.Value<InventoryChange> v -> {
                    switch (v.value()) {
                        case ProductChange p -> products.add(p);
                        case ItemChange i -> items.add(i);
                    }
                }
                case Decoding.Skip<InventoryChange> s -> skipped++;
            }
        }

        assertThat(skipped).as("the two tombstones").isEqualTo(2);
        assertThat(products).hasSize(7);
        assertThat(items).hasSize(4);
        ProductChange laptop = products.getFirst();
        assertThat(laptop.productId()).isEqualTo(1);
        assertThat(laptop.stockQuantity()).isEqualTo(50);
        assertThat(laptop.price().toPlainString()).isEqualTo("1299.99");
        assertThat(laptop.position().changeLsn()).isPositive();
        assertThat(laptop.sourceTimeMs()).isPositive();
        assertThat(products.stream().map(p -> p.price().toPlainString()))
                .contains("1299.99", "29.99", "19.99", "0.29", "4.35");
        ProductChange deleted = products.get(6);
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.productId()).isEqualTo(3);
        assertThat(items.get(1)).satisfies(i -> {
            assertThat(i.itemId()).isEqualTo(2);
            assertThat(i.productId()).isEqualTo(2);
            assertThat(i.quantity()).isEqualTo(2);
        });
        ItemChange itemDeleted = items.get(3);
        assertThat(itemDeleted.deleted()).isTrue();
        assertThat(itemDeleted.quantity()).isEqualTo(3);
        assertThat(items.get(3).position().isAfter(items.get(2).position())).isTrue();
    }

    @Test
    void orders_and_other_tables_are_poison_naming_the_table() {
        DebeziumFixtures.Line order = DebeziumFixtures.load("flattened").stream()
                .filter(l -> l.topic().endsWith("orders"))
                .findFirst()
                .orElseThrow();

        assertThatThrownBy(() -> decoder.decodeOrSkip(record(order.topic(), order.valueBytes())))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("unknown table 'orders'");
    }

    @Test
    void a_value_that_is_not_a_change_event_is_poison() {
        assertThatThrownBy(() -> decoder.decodeOrSkip(
                        record("dbserver1.public.products", "not json".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(PoisonRecordException.class);
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] value) {
        return new ConsumerRecord<>(topic, 0, 0L, null, value);
    }
}
