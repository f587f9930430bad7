package io.sluice.dlq;

import java.time.Instant;

/**
 * One thing done to a dead letter, as kept in its history in the state topic.
 *
 * @param action {@code replay} or {@code resolve}
 * @param by who did it ({@code cli:alice}, {@code console})
 * @param to where a replay was written; {@code null} for a resolution
 * @param note the operator's note; may be {@code null}
 */
public record DeadLetterAction(String action, Instant at, String by, RecordPosition to, String note) {
    public static final String REPLAY = "replay";
    public static final String RESOLVE = "resolve";
}
