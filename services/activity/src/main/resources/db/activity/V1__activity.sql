-- The activity processor's tables (issue 15). Every table is written in the batch's transaction, with the consumer
-- offsets (sluice_offsets): exactly-once. Only events actually inserted (a new event_id) feed the aggregates.

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

-- Per user: totals, first and last event time, distinct sessions.
CREATE TABLE activity_users (
    user_id    TEXT        NOT NULL PRIMARY KEY,
    events     BIGINT      NOT NULL,
    first_seen TIMESTAMPTZ NOT NULL,
    last_seen  TIMESTAMPTZ NOT NULL,
    sessions   BIGINT      NOT NULL
);

-- Per user and event type.
CREATE TABLE activity_user_types (
    user_id    TEXT   NOT NULL,
    event_type TEXT   NOT NULL,
    events     BIGINT NOT NULL,
    PRIMARY KEY (user_id, event_type)
);

-- The sessions each user was seen in: what makes activity_users.sessions a distinct count.
CREATE TABLE activity_user_sessions (
    user_id    TEXT NOT NULL,
    session_id TEXT NOT NULL,
    PRIMARY KEY (user_id, session_id)
);

-- Per session (events without a session_id have none): its first user, first and last event time, events,
-- page views, distinct pages (distinct non-null page_url values, any event type).
CREATE TABLE activity_sessions (
    session_id TEXT        NOT NULL PRIMARY KEY,
    user_id    TEXT        NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    ended_at   TIMESTAMPTZ NOT NULL,
    events     BIGINT      NOT NULL,
    page_views BIGINT      NOT NULL,
    pages      BIGINT      NOT NULL
);

-- The distinct pages of each session: what makes activity_sessions.pages a distinct count. The URL's md5, so that a
-- long URL stays within an index entry's size limit.
CREATE TABLE activity_session_pages (
    session_id TEXT NOT NULL,
    page_md5   UUID NOT NULL,
    PRIMARY KEY (session_id, page_md5)
);

-- Events per type per minute of event time (UTC).
CREATE TABLE activity_minutes (
    minute     TIMESTAMPTZ NOT NULL,
    event_type TEXT        NOT NULL,
    events     BIGINT      NOT NULL,
    PRIMARY KEY (minute, event_type)
);
