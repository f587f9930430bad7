package io.sluice.analytics;

import io.sluice.cdc.ChangeDecoding;
import io.sluice.cdc.ChangeEvent;
import io.sluice.cdc.ChangeEventDecoder;
import io.sluice.cdc.Operation;
import io.sluice.cdc.Row;
import io.sluice.core.consumer.PoisonRecordException;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Debezium change events of {@code orders} and {@code order_items} (either envelope, {@link ChangeEventDecoder}) to
 * {@link AnalyticsChange}s, as the value deserializer of the Streams source. A tombstone and a truncate give null
 * (the topology drops them); any other table and anything undecodable throws {@link PoisonRecordException}, which
 * the {@link DeadLetterHandler} sends to {@code <topic>.dlq}. The table comes from the event, so topic names do not
 * matter. A delete needs only the row's id (the rest of its old image is not read, so {@code REPLICA IDENTITY
 * DEFAULT} works too). Stateless and thread-safe.
 */
public final class ChangeDeserializer implements Deserializer<AnalyticsChange> {
    static final String ORDERS = "orders";
    static final String ORDER_ITEMS = "order_items";
    static final String UNKNOWN_STATUS = "unknown";

    /** Change events are only read: the source's serializer, which a serde must have, refuses to write. */
    static final Serializer<AnalyticsChange> NOT_WRITTEN = (topic, change) -> {
        throw new UnsupportedOperationException("change events are read, never written (" + topic + ")");
    };

    private final ChangeEventDecoder events = new ChangeEventDecoder();

    @Override
    public AnalyticsChange deserialize(String topic, byte[] data) {
        return switch (events.decode(topic, data)) {
            case ChangeDecoding.Skip s -> null;
            case ChangeDecoding.Change c -> change(c.event());
        };
    }

    private static AnalyticsChange change(ChangeEvent event) {
        if (event.operation() == Operation.TRUNCATE) {
            return null;
        }
        return switch (event.table()) {
            case ORDERS -> order(event);
            case ORDER_ITEMS -> item(event);
            default ->
                throw new PoisonRecordException("unknown table '" + event.table() + "': the analytics reads " + ORDERS
                        + " and " + ORDER_ITEMS + " only; check KAFKA_TOPICS");
        };
    }

    private static AnalyticsChange.OrderChange order(ChangeEvent event) {
        Row row = event.row();
        long id = row.longValue("id");
        if (event.after() == null) {
            return new AnalyticsChange.OrderChange(id, Versioned.deletion(event.position()));
        }
        String status = row.optionalString("status");
        Instant created = row.optionalInstant("created_at");
        OrderRow order = new OrderRow(
                id,
                row.longValue("customer_id"),
                row.decimal("total_amount"),
                status == null ? UNKNOWN_STATUS : status,
                created == null ? event.sourceTime() : created);
        return new AnalyticsChange.OrderChange(id, Versioned.of(event.position(), order));
    }

    private static AnalyticsChange.ItemChange item(ChangeEvent event) {
        Row row = event.row();
        long id = row.longValue("id");
        if (event.after() == null) {
            return new AnalyticsChange.ItemChange(id, Versioned.deletion(event.position()));
        }
        ItemRow item = new ItemRow(
                id,
                row.longValue("order_id"),
                row.longValue("product_id"),
                row.longValue("quantity"),
                row.decimal("price"));
        return new AnalyticsChange.ItemChange(id, Versioned.of(event.position(), item));
    }
}
