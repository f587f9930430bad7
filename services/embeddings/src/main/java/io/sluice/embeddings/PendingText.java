package io.sluice.embeddings;

import java.util.UUID;

/** A row of {@code text_messages} that has neither an embedding nor a recorded failure. */
record PendingText(UUID id, String message) {}
