-- Kafka offsets stored in the same transaction as the rows they produced (exactly-once into PostgreSQL).
-- See docs/adr/0001-delivery-guarantee.md.
CREATE TABLE IF NOT EXISTS sluice_offsets (
    group_id    TEXT        NOT NULL,
    topic       TEXT        NOT NULL,
    partition   INTEGER     NOT NULL,
    next_offset BIGINT      NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (group_id, topic, partition)
);
