package io.sluice.cdc;

import java.time.Instant;

/**
 * One decoded Debezium change event, whichever envelope it came in.
 *
 * @param table the source table ({@code products})
 * @param operation what happened
 * @param before the row before the change: present for deletes in both envelopes, and for updates in the full
 *     envelope with {@code REPLICA IDENTITY FULL}; null otherwise (the flattened format never has it for updates)
 * @param after the row after the change; null for deletes and truncates
 * @param sourceTime when the change was committed in the source ({@code source.ts_ms}, {@code __source_ts_ms});
 *     {@link Instant#EPOCH} when the event does not say. Not unique: order by {@code position}
 * @param database the source database ({@code source.db}, {@code __source_db}), or null
 * @param position the change's place in the source log, a comparable version
 * @param envelope which envelope it came in
 */
public record ChangeEvent(
        String table,
        Operation operation,
        Row before,
        Row after,
        Instant sourceTime,
        String database,
        SourcePosition position,
        Envelope envelope) {

    /** The two shapes a Debezium value comes in. */
    public enum Envelope {
        /** {@code ExtractNewRecordState}: the row with {@code __op}, {@code __deleted}, … beside its columns. */
        FLATTENED,
        /** Debezium's own: {@code before}, {@code after}, {@code source}, {@code op}, {@code ts_ms}. */
        FULL
    }

    /** The row as it is now: {@code after}, or {@code before} for a delete; null for a truncate. */
    public Row row() {
        return after != null ? after : before;
    }

    public boolean isDelete() {
        return operation == Operation.DELETE;
    }
}
