-- The product search index (issue 13). Positions are (commit LSN, change LSN) pairs; 0 means unknown.

-- The seed's item (SPEC.md 5.5) with exact cents, plus the version that wrote it. A deleted product keeps its row
-- as a tombstone (deleted = true, indexed_at = when the delete was applied) until the retention sweep purges it.
CREATE TABLE search_products (
    product_id     BIGINT PRIMARY KEY,
    commit_lsn     BIGINT      NOT NULL,
    change_lsn     BIGINT      NOT NULL,
    deleted        BOOLEAN     NOT NULL,
    name           TEXT,
    name_lower     TEXT,
    description    TEXT,
    price          BIGINT,
    price_display  TEXT,
    stock_quantity BIGINT,
    search_tokens  TEXT[],
    indexed_at     TIMESTAMPTZ NOT NULL,
    cdc_timestamp  BIGINT
);
CREATE INDEX search_products_tombstones ON search_products (indexed_at) WHERE deleted;

-- One row per (token, live product): what a search reads instead of the products. Byte order ("C") so that a prefix
-- is the range [prefix, prefix with its last character incremented) on the primary key, and so that '_' is a
-- character, not a pattern. Price and stock are copied here so filters apply before any product row is read.
CREATE TABLE search_postings (
    token       TEXT COLLATE "C" NOT NULL,
    product_id  BIGINT           NOT NULL,
    price_cents BIGINT           NOT NULL,
    in_stock    BOOLEAN          NOT NULL,
    PRIMARY KEY (token, product_id)
);
