package io.sluice.activity.ingest;

import io.sluice.producer.Delivery;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Remembers the client {@code event_id}s produced within a window, so that a client retrying an event it already
 * sent gets the same answer and the event is not produced twice.
 *
 * <p>The second request of an id waits on the first one's delivery: if the first was dropped (spill full), the id is
 * forgotten and the retry produces it. Memory is bounded: at most {@code maxEntries} ids, the oldest forgotten first
 * (then a late retry is produced again, and the processor, which stores an {@code event_id} once, absorbs it). Per
 * instance: replicas behind a load balancer do not share it. Thread-safe (one lock; the work under it is a map
 * operation).
 */
final class EventDeduplicator {
    private final long windowNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    // Insertion order is expiry order: every entry lives for the same window.
    private final LinkedHashMap<String, Entry> seen = new LinkedHashMap<>();

    private record Entry(long expiresAt, CompletableFuture<Delivery> delivery) {}

    /** The delivery an id's event depends on, and whether it was produced by an earlier request. */
    record Claim(CompletableFuture<Delivery> delivery, boolean duplicate) {}

    EventDeduplicator(Duration window, int maxEntries, LongSupplier nanoTime) {
        this.windowNanos = window.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    boolean enabled() {
        return windowNanos > 0;
    }

    /**
     * The delivery of {@code eventId}: an earlier one within the window that has not failed, else the one {@code
     * produce} starts (called under the lock: it must only hand the record over, as {@code EventEmitter.send} does).
     */
    Claim claim(String eventId, Supplier<CompletableFuture<Delivery>> produce) {
        if (!enabled()) {
            return new Claim(produce.get(), false);
        }
        long now = nanoTime.getAsLong();
        synchronized (seen) {
            expire(now);
            Entry earlier = seen.get(eventId);
            if (earlier != null && !earlier.delivery().isCompletedExceptionally()) {
                return new Claim(earlier.delivery(), true);
            }
            CompletableFuture<Delivery> delivery = produce.get();
            seen.remove(eventId); // a failed earlier entry: re-inserted at the end, with a new expiry
            seen.put(eventId, new Entry(now + windowNanos, delivery));
            while (seen.size() > maxEntries) {
                Iterator<String> oldest = seen.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            return new Claim(delivery, false);
        }
    }

    int size() {
        synchronized (seen) {
            return seen.size();
        }
    }

    private void expire(long now) {
        for (Iterator<Map.Entry<String, Entry>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().expiresAt() - now > 0) {
                return;
            }
            it.remove();
        }
    }
}
