package io.sluice.dlq;

import java.util.ArrayList;
import java.util.List;

/**
 * What was done to one dead letter: its status and the actions that led there, oldest first. The value of its record
 * in the state topic ({@value DeadLetters#STATE_TOPIC}), keyed by the dead letter's ID.
 */
public record DeadLetterState(DeadLetterStatus status, List<DeadLetterAction> history) {
    public static final DeadLetterState OPEN = new DeadLetterState(DeadLetterStatus.OPEN, List.of());

    public DeadLetterState {
        history = List.copyOf(history);
    }

    /** This state after {@code action}, which leaves the letter in {@code next}. */
    DeadLetterState then(DeadLetterStatus next, DeadLetterAction action) {
        List<DeadLetterAction> h = new ArrayList<>(history);
        h.add(action);
        return new DeadLetterState(next, h);
    }

    /** The last action, or {@code null} when none was taken. */
    DeadLetterAction last() {
        return history.isEmpty() ? null : history.getLast();
    }
}
