package io.sluice.core.consumer;

/** How the consumer loop reacts to a failed write. */
public enum FailureKind {
    /** The store is unavailable (connection lost, overload, serialization conflict): pause, back off, retry. */
    TRANSIENT,
    /** Some record in the batch can never be stored: isolate it and send it to the dead-letter topic. */
    DATA
}
