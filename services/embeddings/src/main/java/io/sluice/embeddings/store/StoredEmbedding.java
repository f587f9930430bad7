package io.sluice.embeddings.store;

import java.time.Instant;
import java.util.UUID;

/** A committed row of {@code text_embeddings}, as an index outside PostgreSQL needs it. */
public record StoredEmbedding(UUID textMessageId, float[] vector, String source, Instant messageCreatedAt) {}
