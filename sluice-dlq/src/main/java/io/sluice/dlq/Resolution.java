package io.sluice.dlq;

import java.time.Instant;

/** A dead letter marked resolved at {@code at}. */
public record Resolution(DeadLetterId id, DeadLetterStatus status, Instant at) {}
