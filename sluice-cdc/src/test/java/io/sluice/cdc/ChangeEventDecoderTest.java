package io.sluice.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.consumer.PoisonRecordException;
import io.sluice.testkit.DebeziumFixtures;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding the events captured from a real Debezium run ({@link DebeziumFixtures}), in every envelope and encoding. */
class ChangeEventDecoderTest {
    private final ChangeEventDecoder decoder = new ChangeEventDecoder();

    private List<ChangeEvent> events(String fixture, String table) {
        return DebeziumFixtures.load(fixture).stream()
                .filter(l -> l.topic().endsWith("." + table))
                .map(l -> decoder.decode(l.topic(), l.valueBytes()))
                .filter(d -> d instanceof ChangeDecoding.Change)
                .map(d -> ((ChangeDecoding.Change) d).event())
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"flattened", "full", "flattened-string-connect", "full-double-connect"})
    void each_tombstone_is_a_skip_and_every_other_record_a_change(String fixture) {
        List<ChangeDecoding> all = DebeziumFixtures.load(fixture).stream()
                .map(l -> decoder.decode(l.topic(), l.valueBytes()))
                .toList();
        assertThat(all).hasSize(23);
        assertThat(all.stream().filter(d -> d instanceof ChangeDecoding.Skip))
                .hasSize(2)
                .allSatisfy(s -> assertThat(((ChangeDecoding.Skip) s).reason()).startsWith("tombstone"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"flattened", "full", "flattened-string-connect", "full-double-connect"})
    void products_arrive_with_their_operations_rows_and_exact_prices(String fixture) {
        List<ChangeEvent> products = events(fixture, "products");
        assertThat(products)
                .extracting(e -> e.row().longValue("id") + ":" + e.operation().code())
                .containsExactly("1:r", "2:r", "3:c", "4:c", "5:c", "2:u", "3:d");
        assertThat(products).allSatisfy(e -> {
            assertThat(e.table()).isEqualTo("products");
            assertThat(e.database()).isEqualTo("shop");
        });
        assertThat(products.subList(0, 6))
                .extracting(e -> e.after().decimal("price"))
                .containsExactly(
                        new BigDecimal("1299.99"),
                        new BigDecimal("29.99"),
                        new BigDecimal("19.99"),
                        new BigDecimal("0.29"),
                        new BigDecimal("4.35"),
                        new BigDecimal("24.99"));
        assertThat(products.get(3).after().optionalString("description")).isNull();
        assertThat(products.get(5).after().intValue("stock_quantity")).isEqualTo(150);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flattened", "full", "flattened-string-connect", "full-double-connect"})
    void a_delete_carries_the_old_row_as_before_and_no_after(String fixture) {
        ChangeEvent delete = events(fixture, "products").get(6);
        assertThat(delete.isDelete()).isTrue();
        assertThat(delete.after()).isNull();
        assertThat(delete.before().string("name")).isEqualTo("USB Cable");
        assertThat(delete.before().decimal("price")).isEqualTo(new BigDecimal("19.99"));
        ChangeEvent itemDelete = events(fixture, "order_items").get(3);
        assertThat(itemDelete.operation()).isEqualTo(Operation.DELETE);
        assertThat(itemDelete.row().intValue("quantity")).isEqualTo(3);
    }

    @Test
    void an_update_has_a_before_image_in_the_full_envelope_and_none_when_flattened() {
        ChangeEvent full = events("full", "products").get(5);
        assertThat(full.envelope()).isEqualTo(ChangeEvent.Envelope.FULL);
        assertThat(full.before().intValue("stock_quantity")).isEqualTo(200);
        assertThat(full.before().decimal("price")).isEqualTo(new BigDecimal("29.99"));
        assertThat(full.after().intValue("stock_quantity")).isEqualTo(150);

        ChangeEvent flat = events("flattened", "products").get(5);
        assertThat(flat.envelope()).isEqualTo(ChangeEvent.Envelope.FLATTENED);
        assertThat(flat.before()).isNull();
        assertThat(flat.after().columns())
                .doesNotContain("__op", "__deleted", "__lsn")
                .contains("stock_quantity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"flattened", "full", "flattened-string-connect", "full-double-connect"})
    void order_totals_are_exact_from_zero_to_the_updated_amount(String fixture) {
        List<ChangeEvent> orders = events(fixture, "orders");
        assertThat(orders).extracting(e -> e.after().string("status")).containsExactly("pending", "pending", "shipped");
        assertThat(orders.get(0).after().decimal("total_amount")).isEqualByComparingTo("0");
        assertThat(orders.get(1).after().decimal("total_amount")).isEqualTo(new BigDecimal("1359.97"));
    }

    /** Micro (adaptive) and milli (connect) timestamps both read as the row's time: just before its commit. */
    @ParameterizedTest
    @ValueSource(strings = {"flattened", "full", "flattened-string-connect", "full-double-connect"})
    void timestamps_read_in_micros_or_millis_land_just_before_the_commit_time(String fixture) {
        for (ChangeEvent e : events(fixture, "products")) {
            if (e.operation() == Operation.READ) {
                continue; // a snapshot's source time is the snapshot's, not the row's commit
            }
            Instant created = e.row().instant("created_at");
            assertThat(Duration.between(created, e.sourceTime()))
                    .as("%s created_at %s vs commit %s", fixture, created, e.sourceTime())
                    .isBetween(Duration.ofMillis(-5), Duration.ofSeconds(10));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"flattened", "full", "flattened-string-connect", "full-double-connect"})
    void numeric_without_scale_and_timestamptz_are_exact(String fixture) {
        Map<Long, BigDecimal> amounts = events(fixture, "measures").stream()
                .filter(e -> e.operation() != Operation.UPDATE)
                .collect(Collectors.toMap(
                        e -> e.row().longValue("id"), e -> e.row().decimal("amount")));
        assertThat(amounts)
                .containsEntry(1L, new BigDecimal("29.99"))
                .containsEntry(2L, new BigDecimal("1299.99"))
                .containsEntry(3L, new BigDecimal("0.29"))
                .containsEntry(4L, new BigDecimal("4.35"))
                .containsEntry(5L, new BigDecimal("19.99"))
                .containsEntry(6L, new BigDecimal("-12.5"));
        ChangeEvent update = events(fixture, "measures").get(6);
        assertThat(update.after().decimal("amount")).isEqualByComparingTo("1299.99");
        assertThat(events(fixture, "measures").get(0).row().instant("measured_at"))
                .isEqualTo(Instant.parse("2026-12-04T10:15:30.123456Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"flattened", "full"})
    void positions_order_the_changes_of_a_row_and_of_a_stream(String fixture) {
        List<ChangeEvent> products = events(fixture, "products");
        ChangeEvent read = products.get(1);
        ChangeEvent update = products.get(5);
        assertThat(update.position().isAfter(read.position())).isTrue();
        assertThat(read.position().isAfter(update.position())).isFalse();
        List<ChangeEvent> items = events(fixture, "order_items");
        for (int i = 1; i < items.size(); i++) {
            assertThat(items.get(i).position().isAfter(items.get(i - 1).position()))
                    .as("item event %d after %d", i, i - 1)
                    .isTrue();
        }
        assertThat(items.get(0).sourceTime()).isEqualTo(items.get(1).sourceTime()); // one transaction: ts is no version
        assertThat(items.get(0).position()).isNotEqualTo(items.get(1).position());
    }

    @Test
    void the_full_envelope_gives_the_commit_position_from_the_sequence() {
        List<ChangeEvent> items = events("full", "order_items");
        assertThat(items.get(0).position().commitLsn()).isPositive();
        assertThat(items.get(0).position().commitLsn())
                .isEqualTo(items.get(1).position().commitLsn());
        assertThat(items.get(1).position().compareTo(items.get(0).position())).isPositive();
        assertThat(items.get(2).position().commitLsn())
                .isGreaterThan(items.get(1).position().commitLsn());
    }

    @Test
    void a_flattened_event_with_a_sequence_field_has_a_commit_position_too() {
        String v = "{\"id\":1,\"__op\":\"c\",\"__source_table\":\"products\",\"__lsn\":200,"
                + "\"__source_sequence\":\"[\\\"150\\\",\\\"200\\\"]\"}";
        ChangeEvent e = change(decoder.decode("dbserver1.public.products", v));
        assertThat(e.position()).isEqualTo(new SourcePosition(150, 200));
    }

    @Test
    void an_event_without_schemas_reads_numbers_strings_and_base64() {
        String v = "{\"id\":7,\"name\":\"Pen\",\"price\":\"AbM=\",\"cost\":\"4.35\",\"fee\":0.29,"
                + "\"created_at\":1796407847437026,\"__op\":\"u\",\"__deleted\":\"false\",\"__source_ts_ms\":1796407847438}";
        ChangeEvent e = change(decoder.decode("dbserver1.public.products", v));
        assertThat(e.table()).isEqualTo("products"); // from the topic: no __source_table
        assertThat(e.position()).isEqualTo(SourcePosition.NONE);
        assertThat(e.after().decimal("price")).isEqualTo(new BigDecimal("4.35"));
        assertThat(e.after().decimal("cost")).isEqualTo(new BigDecimal("4.35"));
        assertThat(e.after().decimal("fee")).isEqualTo(new BigDecimal("0.29"));
        assertThat(e.after().instant("created_at")).isEqualTo(Instant.parse("2026-12-04T18:10:47.437026Z"));
    }

    @Test
    void a_flattened_delete_marked_only_by_deleted_is_a_delete_of_the_row_before() {
        String v = "{\"id\":3,\"__op\":\"d\",\"__deleted\":\"true\"}";
        ChangeEvent e = change(decoder.decode("dbserver1.public.products", v));
        assertThat(e.before().longValue("id")).isEqualTo(3);
        assertThat(e.after()).isNull();
    }

    @Test
    void null_and_empty_values_are_tombstones() {
        assertThat(decoder.decode("t", (byte[]) null)).isInstanceOf(ChangeDecoding.Skip.class);
        assertThat(decoder.decode("t", new byte[0])).isInstanceOf(ChangeDecoding.Skip.class);
        assertThat(decoder.decode("t", "null")).isInstanceOf(ChangeDecoding.Skip.class);
        assertThat(decoder.decode("t", "{\"schema\":{},\"payload\":null}")).isInstanceOf(ChangeDecoding.Skip.class);
    }

    @Test
    void what_is_no_change_event_is_a_poison_record_naming_the_topic_and_the_fault() {
        assertThatThrownBy(() -> decoder.decode("dbserver1.public.products", "{not json"))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageStartingWith("value on dbserver1.public.products is not JSON");
        assertThatThrownBy(() -> decoder.decode("dbserver1.public.products", "{\"id\":1}"))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("value on dbserver1.public.products is neither a flattened change event (no __op) nor a"
                        + " Debezium envelope (op with before/after); fields: [id]");
        assertThatThrownBy(() -> decoder.decode("p", "{\"__op\":\"m\",\"id\":1}"))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("unknown Debezium operation 'm'; expected one of c, u, d, r, t");
        assertThatThrownBy(() -> decoder.decode("p", "{\"op\":\"c\",\"before\":null,\"after\":null,\"source\":{}}"))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("change event on p with op c has no after");
        ChangeEvent e = change(decoder.decode("p", "{\"__op\":\"c\",\"id\":\"x\",\"price\":\"!!\"}"));
        assertThatThrownBy(() -> e.after().longValue("id"))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("p.id is \"x\", not an integer");
        assertThatThrownBy(() -> e.after().decimal("price"))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("field 'p.price': '!!' is neither a decimal number nor base64");
        assertThatThrownBy(() -> e.after().longValue("stock"))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("p.stock is missing; columns: [id, price]");
    }

    private static ChangeEvent change(ChangeDecoding d) {
        assertThat(d).isInstanceOf(ChangeDecoding.Change.class);
        return ((ChangeDecoding.Change) d).event();
    }
}
