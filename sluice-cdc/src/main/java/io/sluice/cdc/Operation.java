package io.sluice.cdc;

import io.sluice.core.consumer.PoisonRecordException;

/** What happened to the row: Debezium's {@code op} ({@code __op} when flattened). */
public enum Operation {
    /** {@code c}: an insert. */
    CREATE("c"),
    /** {@code u}: an update. */
    UPDATE("u"),
    /** {@code d}: a delete; the event carries the old row. */
    DELETE("d"),
    /** {@code r}: a row read by the snapshot. */
    READ("r"),
    /** {@code t}: the table was truncated; the event carries no row. */
    TRUNCATE("t");

    private final String code;

    Operation(String code) {
        this.code = code;
    }

    /** The one-letter code Debezium writes. */
    public String code() {
        return code;
    }

    /**
     * The operation of a code.
     *
     * @throws PoisonRecordException for anything else (a logical-decoding message {@code m}, say)
     */
    public static Operation of(String code) {
        for (Operation o : values()) {
            if (o.code.equals(code)) {
                return o;
            }
        }
        throw new PoisonRecordException("unknown Debezium operation '" + code + "'; expected one of c, u, d, r, t");
    }
}
