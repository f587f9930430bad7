package io.sluice.dlq;

/**
 * Where a record was written: a topic, and the partition and offset the broker acknowledged ({@code null} for a dry
 * run, where nothing was written).
 */
public record RecordPosition(String topic, Integer partition, Long offset) {}
