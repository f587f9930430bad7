-- The activity processor's tables (issue 15, ADR 0013). Every table is written in the batch's transaction, with the
-- consumer offsets (sluice_offsets): exactly-once. Only events actually inserted (a new event_id) feed the aggregates.

-- One row per event_id: the first record with that id wins; later ones change nothing.
CREATE TABLE activity_events (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY,
    event_id        TEXT        NOT NULL PRIMARY KEY,
    event_type      TEXT        NOT NULL,
    user_id         TEXT        NOT NULL,
    session_id      TEXT,
    page_url        TEXT,
    event_time      TIMESTAMPTZ NOT NULL,
    record          JSONB       NOT NULL,
    topic           TEXT        NOT NULL,
    kafka_partition INTEGER     NOT NULL,
    kafka_offset    BIGINT      NOT NULL,
    stored_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Keyset pages of /activity/events: newest event first, seq breaks ties.
CREATE INDEX activity_events_by_time ON activity_events (event_time DESC, seq DESC);
CREATE INDEX activity_events_by_user ON activity_events (user_id, event_time DESC, seq DESC);
CREATE INDEX activity_events_by_type ON activity_events (event_type, event_time DESC, seq DESC);

-- The aggregates are updated by nearly every batch: room on each page lets those be HOT updates.

-- Per user: totals, by type ({"click": 3, ...}), first and last event time, and the sessions the user started (a
-- session belongs to the user of its first event).
CREATE TABLE activity_users (
    user_id        TEXT        NOT NULL PRIMARY KEY,
    events         BIGINT      NOT NULL,
    events_by_type JSONB       NOT NULL,
    first_seen     TIMESTAMPTZ NOT NULL,
    last_seen      TIMESTAMPTZ NOT NULL,
    sessions       BIGINT      NOT NULL
) WITH (fillfactor = 70);

-- Per session (events without a session_id have none): its user, first and last event time, events, and pages:
-- its page views (page_view events).
CREATE TABLE activity_sessions (
    session_id TEXT        NOT NULL PRIMARY KEY,
    user_id    TEXT        NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    ended_at   TIMESTAMPTZ NOT NULL,
    events     BIGINT      NOT NULL,
    pages      BIGINT      NOT NULL
) WITH (fillfactor = 70);

-- Events per type per minute of event time (UTC).
CREATE TABLE activity_minutes (
    minute     TIMESTAMPTZ NOT NULL,
    event_type TEXT        NOT NULL,
    events     BIGINT      NOT NULL,
    PRIMARY KEY (minute, event_type)
) WITH (fillfactor = 70);
