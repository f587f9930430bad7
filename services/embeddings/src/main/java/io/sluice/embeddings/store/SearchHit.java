package io.sluice.embeddings.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * One search result, in the original's envelope (docs/origins.md#embeddings-http-api): the embedding row id, the message id, the text, the cosine distance
 * (0 identical, 2 opposite) and when the embedding was stored.
 */
public record SearchHit(
        long id,
        @JsonProperty("text_message_id") UUID textMessageId,
        @JsonProperty("text_content") String textContent,
        double distance,
        @JsonProperty("created_at") Instant createdAt) {}
