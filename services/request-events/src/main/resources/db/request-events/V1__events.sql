-- The seed's three tables with its columns (timestamp = when the row was stored), plus the event's own id
-- (unique: a replayed or re-read event is stored once) and its own timestamp; unknown event types go to `events`.
-- Offsets live in the same database and are written in the same transaction as the rows (exactly-once).
CREATE TABLE IF NOT EXISTS http_requests (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    timestamp       DATETIME,
    user_ip         TEXT,
    method          TEXT,
    endpoint        TEXT,
    hostname        TEXT,
    os              TEXT,
    event_id        TEXT NOT NULL UNIQUE,
    event_timestamp DATETIME
);

CREATE TABLE IF NOT EXISTS http_responses (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    timestamp        DATETIME,
    user_ip          TEXT,
    status_code      INTEGER,
    response_time_ms FLOAT,
    event_id         TEXT NOT NULL UNIQUE,
    event_timestamp  DATETIME
);

CREATE TABLE IF NOT EXISTS errors (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    timestamp       DATETIME,
    error_message   TEXT,
    error_type      TEXT,
    endpoint        TEXT,
    event_id        TEXT NOT NULL UNIQUE,
    event_timestamp DATETIME
);

CREATE TABLE IF NOT EXISTS events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    timestamp       DATETIME,
    event_type      TEXT NOT NULL,
    data            TEXT,
    topic           TEXT,
    event_id        TEXT NOT NULL UNIQUE,
    event_timestamp DATETIME
);

CREATE TABLE IF NOT EXISTS sluice_offsets (
    group_id    TEXT     NOT NULL,
    topic       TEXT     NOT NULL,
    partition   INTEGER  NOT NULL,
    next_offset BIGINT   NOT NULL,
    updated_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (group_id, topic, partition)
);
