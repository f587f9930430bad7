-- The inventory read model (ADR 0011). Positions are (commit LSN, change LSN) pairs; 0 means unknown.

-- Products with their derived stock; a deleted product keeps its row (deleted = true), hidden from the API.
CREATE TABLE inventory_products (
    product_id         BIGINT PRIMARY KEY,
    name               TEXT,
    description        TEXT,
    price              NUMERIC,
    cdc_timestamp      BIGINT      NOT NULL,
    last_updated       TIMESTAMPTZ NOT NULL,
    product_commit_lsn BIGINT      NOT NULL,
    product_change_lsn BIGINT      NOT NULL,
    source_stock       BIGINT      NOT NULL,
    stock_commit_lsn   BIGINT      NOT NULL,
    stock_change_lsn   BIGINT      NOT NULL,
    stock              BIGINT      NOT NULL,
    deleted            BOOLEAN     NOT NULL
);
CREATE INDEX inventory_products_by_stock ON inventory_products (stock, product_id) WHERE NOT deleted;

-- Each order item as last applied (quantity 0 once deleted).
CREATE TABLE inventory_order_items (
    item_id    BIGINT PRIMARY KEY,
    product_id BIGINT NOT NULL,
    quantity   BIGINT NOT NULL,
    commit_lsn BIGINT NOT NULL,
    change_lsn BIGINT NOT NULL
);

-- Every applied item delta: units taken from the product by the item change at this position.
CREATE TABLE inventory_ledger (
    product_id BIGINT NOT NULL,
    commit_lsn BIGINT NOT NULL,
    change_lsn BIGINT NOT NULL,
    item_id    BIGINT NOT NULL,
    delta      BIGINT NOT NULL,
    PRIMARY KEY (product_id, commit_lsn, change_lsn, item_id)
);

-- Item changes waiting for their product, with the raw record for the dead-letter topic.
CREATE TABLE inventory_pending (
    product_id      BIGINT      NOT NULL,
    commit_lsn      BIGINT      NOT NULL,
    change_lsn      BIGINT      NOT NULL,
    item_id         BIGINT      NOT NULL,
    topic           TEXT        NOT NULL,
    kafka_partition INTEGER     NOT NULL,
    kafka_offset    BIGINT      NOT NULL,
    record_key      BYTEA,
    record_value    BYTEA,
    first_seen      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (product_id, commit_lsn, change_lsn, item_id)
);
CREATE INDEX inventory_pending_by_age ON inventory_pending (first_seen);

-- Low-stock alerts written in the batch's transaction, deleted once published (an outbox).
CREATE TABLE inventory_low_stock_outbox (
    id         BIGSERIAL PRIMARY KEY,
    product_id BIGINT      NOT NULL,
    stock      BIGINT      NOT NULL,
    threshold  INTEGER     NOT NULL,
    raised_at  TIMESTAMPTZ NOT NULL
);
