-- The same index in ascending order: GET /messages reads it backwards just as fast, and a batch written in id order
-- (TextMessageSink) then appends to its rightmost page instead of descending the tree for every row, where the
-- descending index took each batch's rows at its left edge in random order (docs/adr/0017: ~40% less PostgreSQL CPU
-- per row with the rows in id order).
DROP INDEX IF EXISTS idx_text_messages_processed_at;
CREATE INDEX IF NOT EXISTS idx_text_messages_processed_at ON text_messages (processed_at, id);
