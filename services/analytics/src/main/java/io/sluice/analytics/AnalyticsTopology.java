package io.sluice.analytics;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The analytics as a Kafka Streams topology: figures over the <em>current</em> rows of the source, not over the
 * events seen.
 *
 * <ol>
 *   <li>The change events (all input topics, {@link ChangeDeserializer}) split into orders and order items, each
 *       re-keyed by the row's id and folded into a <b>version-guarded table</b> ({@link Versioned#newer}): an event
 *       older than the version held (by Debezium's source position) is ignored, a delete leaves a versioned tombstone
 *       and removes the row from the tables below.
 *   <li>Aggregations of those tables with an adder and a subtractor ({@code KTable.groupBy().aggregate()}), so a row
 *       that changes (an amount updated, a status changed, an item deleted) takes its old value out before its new
 *       one goes in: {@value #DAILY_SALES} (by the order's creation date in the zone), {@value #CUSTOMERS}, {@value
 *       #ORDER_STATUS} (counts), {@value #PRODUCTS} (Σ quantity, Σ price × quantity) and {@value #HOURLY_SALES}.
 *   <li>The hourly figures go to {@link HourlyWindowEmitter}, which writes each hour once it has closed on the wall
 *       clock.
 * </ol>
 *
 * The stores are read by {@link StoreFigures} (interactive queries) to build the reports. Every operator is named,
 * so the internal topics keep their names when the topology changes elsewhere.
 */
public final class AnalyticsTopology {
    public static final String ORDERS_BY_ID = "orders-by-id";
    public static final String ITEMS_BY_ID = "items-by-id";
    public static final String DAILY_SALES = "daily-sales";
    public static final String CUSTOMERS = "customer-metrics";
    public static final String ORDER_STATUS = "order-status";
    public static final String PRODUCTS = "product-sales";
    public static final String HOURLY_SALES = "hourly-sales";
    public static final String HOURLY_WINDOWS = "hourly-windows";

    static final Serde<OrderRow> ORDER = JsonSerde.of(OrderRow.class);
    static final Serde<ItemRow> ITEM = JsonSerde.of(ItemRow.class);
    static final Serde<Versioned<OrderRow>> VERSIONED_ORDER = JsonSerde.of(new TypeReference<Versioned<OrderRow>>() {});
    static final Serde<Versioned<ItemRow>> VERSIONED_ITEM = JsonSerde.of(new TypeReference<Versioned<ItemRow>>() {});
    static final Serde<SalesFigures> SALES = JsonSerde.of(SalesFigures.class);
    static final Serde<ProductFigures> PRODUCT = JsonSerde.of(ProductFigures.class);
    static final Serde<HourlyWindowEmitter.HourState> HOUR_STATE = JsonSerde.of(HourlyWindowEmitter.HourState.class);

    private AnalyticsTopology() {}

    /**
     * The topology.
     *
     * @param topics the Debezium topics of {@code orders} and {@code order_items} (any number, any order)
     * @param zone the time zone of dates and hours
     * @param hourly when and where closed hours are written
     */
    public static Topology build(List<String> topics, ZoneId zone, HourlyWindowEmitter.Settings hourly) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], AnalyticsChange> changes = builder.stream(
                        topics,
                        Consumed.with(
                                Serdes.ByteArray(),
                                Serdes.serdeFrom(ChangeDeserializer.NOT_WRITTEN, new ChangeDeserializer())))
                .filter((k, v) -> v != null, Named.as("not-tombstone"));
        Map<String, KStream<byte[], AnalyticsChange>> tables = changes.split(Named.as("table-"))
                .branch((k, v) -> v instanceof AnalyticsChange.OrderChange, Branched.as("orders"))
                .branch((k, v) -> v instanceof AnalyticsChange.ItemChange, Branched.as("items"))
                .noDefaultBranch();

        KTable<Long, OrderRow> orders = tables.get("table-orders")
                .map((k, v) -> KeyValue.pair(v.id(), ((AnalyticsChange.OrderChange) v).version()), Named.as("order-id"))
                .groupByKey(Grouped.with(ORDERS_BY_ID, Serdes.Long(), VERSIONED_ORDER))
                .aggregate(
                        () -> null,
                        (id, incoming, current) -> Versioned.newer(current, incoming),
                        Named.as(ORDERS_BY_ID + "-guard"),
                        Materialized.<Long, Versioned<OrderRow>, KeyValueStore<Bytes, byte[]>>as(ORDERS_BY_ID)
                                .withKeySerde(Serdes.Long())
                                .withValueSerde(VERSIONED_ORDER))
                .mapValues(Versioned::live, Named.as("orders-live"));

        KTable<Long, ItemRow> items = tables.get("table-items")
                .map((k, v) -> KeyValue.pair(v.id(), ((AnalyticsChange.ItemChange) v).version()), Named.as("item-id"))
                .groupByKey(Grouped.with(ITEMS_BY_ID, Serdes.Long(), VERSIONED_ITEM))
                .aggregate(
                        () -> null,
                        (id, incoming, current) -> Versioned.newer(current, incoming),
                        Named.as(ITEMS_BY_ID + "-guard"),
                        Materialized.<Long, Versioned<ItemRow>, KeyValueStore<Bytes, byte[]>>as(ITEMS_BY_ID)
                                .withKeySerde(Serdes.Long())
                                .withValueSerde(VERSIONED_ITEM))
                .mapValues(Versioned::live, Named.as("items-live"));

        orders.groupBy(
                        (id, o) -> KeyValue.pair(dateOf(o.createdAt(), zone).toString(), o),
                        Grouped.with(DAILY_SALES, Serdes.String(), ORDER))
                .aggregate(
                        () -> SalesFigures.ZERO,
                        (date, o, agg) -> agg.plus(o),
                        (date, o, agg) -> agg.minus(o),
                        Named.as(DAILY_SALES + "-sum"),
                        Materialized.<String, SalesFigures, KeyValueStore<Bytes, byte[]>>as(DAILY_SALES)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(SALES));

        orders.groupBy((id, o) -> KeyValue.pair(o.customerId(), o), Grouped.with(CUSTOMERS, Serdes.Long(), ORDER))
                .aggregate(
                        () -> SalesFigures.ZERO,
                        (customer, o, agg) -> agg.plus(o),
                        (customer, o, agg) -> agg.minus(o),
                        Named.as(CUSTOMERS + "-sum"),
                        Materialized.<Long, SalesFigures, KeyValueStore<Bytes, byte[]>>as(CUSTOMERS)
                                .withKeySerde(Serdes.Long())
                                .withValueSerde(SALES));

        orders.groupBy((id, o) -> KeyValue.pair(o.status(), o), Grouped.with(ORDER_STATUS, Serdes.String(), ORDER))
                .count(
                        Named.as(ORDER_STATUS + "-count"),
                        Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(ORDER_STATUS)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(Serdes.Long()));

        items.groupBy((id, i) -> KeyValue.pair(i.productId(), i), Grouped.with(PRODUCTS, Serdes.Long(), ITEM))
                .aggregate(
                        () -> ProductFigures.ZERO,
                        (product, i, agg) -> agg.plus(i),
                        (product, i, agg) -> agg.minus(i),
                        Named.as(PRODUCTS + "-sum"),
                        Materialized.<Long, ProductFigures, KeyValueStore<Bytes, byte[]>>as(PRODUCTS)
                                .withKeySerde(Serdes.Long())
                                .withValueSerde(PRODUCT));

        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HOURLY_WINDOWS), Serdes.Long(), HOUR_STATE));
        orders.groupBy(
                        (id, o) -> KeyValue.pair(hourOf(o.createdAt(), zone).toEpochMilli(), o),
                        Grouped.with(HOURLY_SALES, Serdes.Long(), ORDER))
                .aggregate(
                        () -> SalesFigures.ZERO,
                        (hour, o, agg) -> agg.plus(o),
                        (hour, o, agg) -> agg.minus(o),
                        Named.as(HOURLY_SALES + "-sum"),
                        Materialized.<Long, SalesFigures, KeyValueStore<Bytes, byte[]>>as(HOURLY_SALES)
                                .withKeySerde(Serdes.Long())
                                .withValueSerde(SALES))
                .toStream(Named.as(HOURLY_SALES + "-changes"))
                .process(() -> new HourlyWindowEmitter(hourly), Named.as(HOURLY_WINDOWS + "-emitter"), HOURLY_WINDOWS);

        return builder.build();
    }

    /** The order's creation date in the zone: the {@code daily_sales} key. */
    static LocalDate dateOf(Instant created, ZoneId zone) {
        return LocalDate.ofInstant(created, zone);
    }

    /** The start of the hour, in the zone, that holds the instant: an hourly window's key. */
    static Instant hourOf(Instant created, ZoneId zone) {
        return created.atZone(zone).truncatedTo(ChronoUnit.HOURS).toInstant();
    }

    /** An hourly window's length. */
    static final Duration HOUR = Duration.ofHours(1);
}
