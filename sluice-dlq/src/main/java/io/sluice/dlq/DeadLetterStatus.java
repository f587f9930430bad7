package io.sluice.dlq;

import java.util.Locale;

/** Where a dead letter stands: nothing done yet, sent again to its original topic, or closed by an operator. */
public enum DeadLetterStatus {
    OPEN,
    REPLAYED,
    RESOLVED;

    /** The lower-case name used in JSON, the API and the CLI: {@code open}, {@code replayed}, {@code resolved}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@link #label()}, in any case.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static DeadLetterStatus parse(String text) {
        for (DeadLetterStatus s : values()) {
            if (s.label().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("invalid status '" + text + "': expected open, replayed or resolved");
    }
}
