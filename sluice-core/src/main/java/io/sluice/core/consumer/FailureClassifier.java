package io.sluice.core.consumer;

/**
 * Decides whether a failed write is an outage or bad data. Implementations must be pure and thread-safe.
 *
 * <p>Anything not recognised as a data error must be {@link FailureKind#TRANSIENT}: a store outage that is
 * mistaken for bad data would flood the dead-letter topic, while bad data mistaken for an outage only stalls the
 * partition visibly (health turns degraded and names the error).
 */
@FunctionalInterface
public interface FailureClassifier {
    FailureKind classify(Throwable failure);

    /** Only {@link PoisonRecordException} (anywhere in the cause chain) is a data error. */
    FailureClassifier DEFAULT = failure -> {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PoisonRecordException) {
                return FailureKind.DATA;
            }
        }
        return FailureKind.TRANSIENT;
    };
}
