package io.sluice.textwriter;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code text_messages} as the API renders it (timestamps as ISO-8601 UTC). */
public record StoredMessage(
        UUID id,
        String message,
        String source,
        @JsonProperty("source_id") String sourceId,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("processed_at") Instant processedAt) {}
