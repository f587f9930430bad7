-- The seed's table (id, message, created_at, processed_at) plus where each row came from.
--   source     'kafka' or 'api'
--   source_id  the producer's id when it was not a UUID (the row's id is then a name-based UUID v5 of it)
--   created_at the Kafka record's timestamp (or the API call's time); processed_at when the row was stored
CREATE TABLE IF NOT EXISTS text_messages (
    id           UUID PRIMARY KEY,
    message      TEXT        NOT NULL,
    source       VARCHAR(16) NOT NULL DEFAULT 'kafka' CHECK (source IN ('kafka', 'api')),
    source_id    TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- GET /messages lists newest first; the id breaks ties so pages are stable.
CREATE INDEX IF NOT EXISTS idx_text_messages_processed_at ON text_messages (processed_at DESC, id DESC);
