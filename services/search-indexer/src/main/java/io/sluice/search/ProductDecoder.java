package io.sluice.search;

import io.sluice.cdc.ChangeDecoding;
import io.sluice.cdc.ChangeEvent;
import io.sluice.cdc.ChangeEventDecoder;
import io.sluice.cdc.Operation;
import io.sluice.cdc.Row;
import io.sluice.core.consumer.Decoder;
import io.sluice.core.consumer.Decoding;
import io.sluice.core.consumer.PoisonRecordException;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Debezium change events of {@code products} (either envelope, see {@link ChangeEventDecoder}) to {@link
 * ProductVersion}s. A tombstone and a truncate are skipped; any other table and anything undecodable is a {@link
 * PoisonRecordException}, so it goes to the dead-letter topic. The table comes from the event, so topic names do not
 * matter. Stateless and thread-safe.
 */
public final class ProductDecoder implements Decoder<ProductVersion> {
    static final String PRODUCTS = "products";

    private final ChangeEventDecoder events = new ChangeEventDecoder();

    @Override
    public Decoding<ProductVersion> decodeOrSkip(ConsumerRecord<byte[], byte[]> record) {
        return switch (events.decode(record.topic(), record.value())) {
            case ChangeDecoding.Skip s -> Decoding.skip(s.reason());
            case ChangeDecoding.Change c -> version(c.event());
        };
    }

    @Override
    public ProductVersion decode(ConsumerRecord<byte[], byte[]> record) {
        return switch (decodeOrSkip(record)) {
            case Decoding.Value<ProductVersion> v -> v.value();
            case Decoding.Skip<ProductVersion> s ->
                throw new PoisonRecordException("record is skipped (" + s.reason() + ") and has no value");
        };
    }

    private static Decoding<ProductVersion> version(ChangeEvent event) {
        if (event.operation() == Operation.TRUNCATE) {
            // A truncate carries no ids; the index keeps the products until their deletes or updates arrive.
            return Decoding.skip("truncate of " + event.table() + " (the index is not cleared by a truncate)");
        }
        if (!PRODUCTS.equals(event.table())) {
            throw new PoisonRecordException("unknown table '" + event.table() + "': the search indexer reads "
                    + PRODUCTS + " only; check KAFKA_TOPIC");
        }
        Row row = event.row();
        long id = row.longValue("id");
        long sourceTimeMs = event.sourceTime().toEpochMilli();
        if (event.isDelete()) {
            // The row before may be only the key (REPLICA IDENTITY DEFAULT): a deletion needs the id and position.
            return Decoding.value(
                    new ProductVersion(id, event.position(), true, null, null, null, 0, null, sourceTimeMs));
        }
        return Decoding.value(new ProductVersion(
                id,
                event.position(),
                false,
                row.optionalString("name"),
                row.optionalString("description"),
                row.decimal("price"),
                row.raw("stock_quantity") == null || row.raw("stock_quantity").isNull()
                        ? 0
                        : row.longValue("stock_quantity"),
                cdcTimestamp(row),
                sourceTimeMs));
    }

    /** The seed's rule: {@code updated_at} if the column is there (even null), else {@code created_at}; micros. */
    private static Long cdcTimestamp(Row row) {
        Instant at = row.has("updated_at") ? row.optionalInstant("updated_at") : row.optionalInstant("created_at");
        if (at == null) {
            return null;
        }
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000L);
    }
}
