-- The read side of text_messages (seed 001's text_embeddings), owned by the embeddings service. Needs the text
-- writer's text_messages table; the service waits for it before migrating.
--
-- embedding: real[] here; with embedding.store=pgvector the service turns it into vector(N) with an HNSW index
-- (and back), so one schema serves both stores. text_content, source and message_created_at are copies of the
-- message taken when it was embedded (search results and filters need no join).
CREATE TABLE text_embeddings (
    id                 BIGSERIAL PRIMARY KEY,
    text_message_id    UUID        NOT NULL UNIQUE REFERENCES text_messages (id) ON DELETE CASCADE,
    text_content       TEXT        NOT NULL,
    embedding          REAL[]      NOT NULL,
    model              TEXT        NOT NULL,
    source             VARCHAR(16),
    message_created_at TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Texts the model cannot take (empty after normalisation, refused by an endpoint): recorded once with the reason,
-- not retried until a reindex clears them.
CREATE TABLE embedding_failures (
    text_message_id UUID        PRIMARY KEY REFERENCES text_messages (id) ON DELETE CASCADE,
    reason          TEXT        NOT NULL,
    model           TEXT        NOT NULL,
    failed_at       TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Which model the stored vectors come from, and an epoch that changes whenever they are all replaced: an on-disk
-- index stamped with another epoch is stale and is rebuilt.
CREATE TABLE embedding_state (
    singleton  BOOLEAN     PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    model      TEXT        NOT NULL,
    dimension  INTEGER     NOT NULL,
    epoch      UUID        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Wake-ups for the projection: one notification per INSERT statement on text_messages, carrying the new ids
-- (comma-separated) or '*' when there are too many for a payload; the projection then sweeps. Notifications are
-- sent at commit, so the rows are visible when they arrive. They are only hints: the anti-join sweep is the
-- guarantee that no row is skipped.
CREATE FUNCTION sluice_embeddings_messages_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    n   integer;
    ids text;
BEGIN
    SELECT count(*) INTO n FROM new_rows;
    IF n = 0 THEN
        RETURN NULL;
    END IF;
    IF n <= 200 THEN
        SELECT string_agg(id::text, ',') INTO ids FROM new_rows;
    ELSE
        ids := '*';
    END IF;
    PERFORM pg_notify('sluice_embeddings_pending', ids);
    RETURN NULL;
END $$;

CREATE TRIGGER sluice_embeddings_messages_inserted
    AFTER INSERT ON text_messages REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sluice_embeddings_messages_inserted();

-- An edited message loses its embedding (and failure) in the same transaction, and is embedded again.
CREATE FUNCTION sluice_embeddings_message_edited() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM text_embeddings WHERE text_message_id = NEW.id;
    DELETE FROM embedding_failures WHERE text_message_id = NEW.id;
    PERFORM pg_notify('sluice_embeddings_pending', NEW.id::text);
    RETURN NULL;
END $$;

CREATE TRIGGER sluice_embeddings_message_edited
    AFTER UPDATE OF message ON text_messages
    FOR EACH ROW WHEN (OLD.message IS DISTINCT FROM NEW.message)
    EXECUTE FUNCTION sluice_embeddings_message_edited();

-- Deleted embeddings (a deleted message cascades here), for indexes kept outside PostgreSQL (Lucene).
CREATE FUNCTION sluice_embeddings_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    n   integer;
    ids text;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM pg_notify('sluice_embeddings_deleted', '*');
        RETURN NULL;
    END IF;
    SELECT count(*) INTO n FROM old_rows;
    IF n = 0 THEN
        RETURN NULL;
    END IF;
    IF n <= 200 THEN
        SELECT string_agg(text_message_id::text, ',') INTO ids FROM old_rows;
    ELSE
        ids := '*';
    END IF;
    PERFORM pg_notify('sluice_embeddings_deleted', ids);
    RETURN NULL;
END $$;

CREATE TRIGGER sluice_embeddings_deleted
    AFTER DELETE ON text_embeddings REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sluice_embeddings_deleted();

CREATE TRIGGER sluice_embeddings_truncated
    AFTER TRUNCATE ON text_embeddings
    FOR EACH STATEMENT EXECUTE FUNCTION sluice_embeddings_deleted();
