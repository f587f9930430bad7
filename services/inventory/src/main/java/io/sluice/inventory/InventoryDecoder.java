package io.sluice.inventory;

import io.sluice.cdc.ChangeDecoding;
import io.sluice.cdc.ChangeEvent;
import io.sluice.cdc.ChangeEventDecoder;
import io.sluice.cdc.Operation;
import io.sluice.cdc.Row;
import io.sluice.core.consumer.Decoder;
import io.sluice.core.consumer.Decoding;
import io.sluice.core.consumer.PoisonRecordException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Debezium change events of {@code products} and {@code order_items} (either envelope, see {@link ChangeEventDecoder})
 * to {@link InventoryChange}s. A tombstone and a truncate are skipped; any other table (including {@code orders}) and
 * anything undecodable is a {@link PoisonRecordException}, so it goes to the dead-letter topic. The table comes from
 * the event, so topic names do not matter. Stateless and thread-safe.
 */
public final class InventoryDecoder implements Decoder<InventoryChange> {
    static final String PRODUCTS = "products";
    static final String ORDER_ITEMS = "order_items";

    private final ChangeEventDecoder events = new ChangeEventDecoder();

    @Override
    public Decoding<InventoryChange> decodeOrSkip(ConsumerRecord<byte[], byte[]> record) {
        return switch (events.decode(record.topic(), record.value())) {
            case ChangeDecoding.Skip s -> Decoding.skip(s.reason());
            case ChangeDecoding.Change c -> change(c.event());
        };
    }

    @Override
    public InventoryChange decode(ConsumerRecord<byte[], byte[]> record) {
        return switch (decodeOrSkip(record)) {
            case Decoding.Value<InventoryChange> v -> v.value();
            case Decoding.Skip<InventoryChange> s ->
                throw new PoisonRecordException("record is skipped (" + s.reason() + ") and has no value");
        };
    }

    private static Decoding<InventoryChange> change(ChangeEvent event) {
        if (event.operation() == Operation.TRUNCATE) {
            return Decoding.skip("truncate of " + event.table() + " (stock is not reset by a truncate)");
        }
        return switch (event.table()) {
            case PRODUCTS -> Decoding.value(product(event));
            case ORDER_ITEMS -> Decoding.value(item(event));
            default ->
                throw new PoisonRecordException("unknown table '" + event.table() + "': the inventory reads " + PRODUCTS
                        + " and " + ORDER_ITEMS + " only; check KAFKA_TOPICS");
        };
    }

    private static ProductChange product(ChangeEvent event) {
        Row row = event.row();
        return new ProductChange(
                row.longValue("id"),
                event.position(),
                event.isDelete(),
                row.string("name"),
                row.optionalString("description"),
                row.decimal("price"),
                row.longValue("stock_quantity"),
                event.sourceTime().toEpochMilli());
    }

    private static ItemChange item(ChangeEvent event) {
        Row row = event.row();
        return new ItemChange(
                row.longValue("id"),
                row.longValue("product_id"),
                row.longValue("quantity"),
                event.isDelete(),
                event.position());
    }
}
