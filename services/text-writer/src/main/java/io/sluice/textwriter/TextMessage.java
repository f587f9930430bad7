package io.sluice.textwriter;

import java.util.UUID;

/**
 * A text to store.
 *
 * @param id the row id
 * @param message the text (never blank)
 * @param sourceId the producer's original id when it was not a UUID, else null
 */
public record TextMessage(UUID id, String message, String sourceId) {}
