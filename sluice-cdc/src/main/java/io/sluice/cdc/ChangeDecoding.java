package io.sluice.cdc;

/**
 * What {@link ChangeEventDecoder} makes of a Kafka value: a {@link Change}, or a {@link Skip} for a value that
 * carries nothing to apply (the tombstone Debezium writes after each delete, for log compaction).
 */
public sealed interface ChangeDecoding {

    record Change(ChangeEvent event) implements ChangeDecoding {}

    /** Nothing to apply; {@code reason} says why (for a counter or a debug line, never an error). */
    record Skip(String reason) implements ChangeDecoding {}
}
