package io.sluice.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes hourly windows on the <em>wall clock</em>, not on stream time: a punctuator ({@link
 * PunctuationType#WALL_CLOCK_TIME}) writes every hour whose end plus the grace has passed, even when no newer record
 * arrives (the complaint Kafka Streams users raise most: {@code suppress(untilWindowCloses)} and {@code
 * EmitStrategy.onWindowClose()} wait for stream time to move).
 *
 * <p>It receives the hour's current figures (the hourly aggregate's changes, adder and subtractor applied upstream)
 * and keeps them in {@value AnalyticsTopology#HOURLY_WINDOWS} with a written flag. A closed hour is written once; a
 * later change to it (an amount corrected after the grace) marks it unwritten, and the next punctuation writes the
 * whole hour again under the same key, so a rewrite replaces rather than adds. Writes run on {@code writer}, off the
 * stream thread (a slow S3 must not hold a transaction open past its timeout); a later punctuation marks a finished
 * write as written, or retries a failed one. Hours written and past {@code retention} are dropped from the store (a
 * change after that re-creates the entry with the hour's full figures from upstream). Runs on the stream thread; the
 * in-flight writes are not state: after a crash, hours not yet marked are written again (same key, same figures).
 */
final class HourlyWindowEmitter implements Processor<Long, SalesFigures, Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(HourlyWindowEmitter.class);

    /** One closed hour: {@code [start, end)} and its figures. */
    record Window(Instant start, Instant end, SalesFigures figures) {}

    /** Where closed hours go (S3 in the service, a list in tests). Throws when the write failed. */
    interface Sink {
        void write(Window window);
    }

    /**
     * @param grace how long after its end an hour stays open to late changes before it is first written
     * @param every how often the wall clock is checked
     * @param retention how long after its end a written hour is kept in the store
     * @param sink where closed hours go
     * @param writer where the sink runs ({@code Runnable::run} in tests)
     */
    record Settings(Duration grace, Duration every, Duration retention, Sink sink, Executor writer) {}

    /** The store's value: the hour's figures and whether they were written since they last changed. */
    record HourState(SalesFigures figures, boolean written) {}

    /** A write handed to the writer: the figures it writes and when it is done. */
    private record Pending(SalesFigures figures, CompletableFuture<Void> done) {}

    private final Settings settings;
    private final Map<Long, Pending> inflight = new HashMap<>();
    private KeyValueStore<Long, HourState> hours;

    HourlyWindowEmitter(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        hours = context.getStateStore(AnalyticsTopology.HOURLY_WINDOWS);
        context.schedule(settings.every(), PunctuationType.WALL_CLOCK_TIME, this::closeDue);
    }

    @Override
    public void process(Record<Long, SalesFigures> record) {
        if (record.value() == null) {
            return;
        }
        HourState held = hours.get(record.key());
        if (held == null || !held.figures().equals(record.value())) {
            hours.put(record.key(), new HourState(record.value(), false));
        }
    }

    /** Settles finished writes, hands every closed hour not yet written to the writer, drops expired hours. */
    void closeDue(long wallClockMs) {
        settle();
        Instant now = Instant.ofEpochMilli(wallClockMs);
        List<KeyValue<Long, HourState>> due = new ArrayList<>();
        List<Long> expired = new ArrayList<>();
        try (KeyValueIterator<Long, HourState> it = hours.all()) {
            while (it.hasNext()) {
                KeyValue<Long, HourState> e = it.next();
                Instant end = Instant.ofEpochMilli(e.key).plus(AnalyticsTopology.HOUR);
                if (end.plus(settings.grace()).isAfter(now)) {
                    continue;
                }
                if (!e.value.written()) {
                    if (!inflight.containsKey(e.key)) {
                        due.add(e);
                    }
                } else if (!end.plus(settings.retention()).isAfter(now)) {
                    expired.add(e.key);
                }
            }
        }
        for (KeyValue<Long, HourState> e : due) {
            Instant start = Instant.ofEpochMilli(e.key);
            Window w = new Window(start, start.plus(AnalyticsTopology.HOUR), e.value.figures());
            CompletableFuture<Void> done;
            try {
                done = CompletableFuture.runAsync(() -> settings.sink().write(w), settings.writer());
            } catch (RuntimeException rejected) {
                done = CompletableFuture.failedFuture(rejected);
            }
            inflight.put(e.key, new Pending(e.value.figures(), done));
        }
        expired.forEach(hours::delete);
    }

    /** Marks finished writes whose figures are still the hour's as written; forgets failed ones (retried next). */
    private void settle() {
        for (Iterator<Map.Entry<Long, Pending>> it = inflight.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Pending> e = it.next();
            CompletableFuture<Void> done = e.getValue().done();
            if (!done.isDone()) {
                continue;
            }
            it.remove();
            if (done.isCompletedExceptionally()) {
                Throwable cause = done.handle((v, t) -> t).join();
                log.warn(
                        "analytics-service: writing the hourly window {} failed, retrying: {}",
                        Instant.ofEpochMilli(e.getKey()),
                        cause instanceof java.util.concurrent.CompletionException ? cause.getCause() : cause);
                continue;
            }
            HourState held = hours.get(e.getKey());
            if (held != null
                    && !held.written()
                    && held.figures().equals(e.getValue().figures())) {
                hours.put(e.getKey(), new HourState(held.figures(), true));
            }
        }
    }
}
