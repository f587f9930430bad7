package io.sluice.dlq;

import java.util.List;

/**
 * A bounded scan's answer.
 *
 * @param scanned how many dead letters were read (at most the scan bound, the newest ones)
 * @param matched how many of them matched the filter
 * @param complete whether the scan read every dead letter in range; {@code false} when the bound cut it
 * @param records the newest matches first, at most the limit asked for
 */
public record DeadLetterListing(long scanned, long matched, boolean complete, List<DeadLetter> records) {
    public DeadLetterListing {
        records = List.copyOf(records);
    }
}
