package io.sluice.bench.ingest;

import io.sluice.core.consumer.Sink;
import io.sluice.textwriter.TextMessage;
import io.sluice.textwriter.TextMessageSink;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** How the benchmarked writer's transactions store rows: the production statement, or an alternative to compare. */
public enum SinkStrategy {
    /** The production {@link TextMessageSink}: one {@code INSERT ... SELECT FROM unnest(arrays)} per batch. */
    UNNEST("unnest"),
    /** {@link CopyTextMessageSink}: {@code COPY} into a staging table, then {@code INSERT ... SELECT}. */
    COPY("copy"),
    /** {@link OptimisticCopySink}: {@code COPY} straight into the table, the production statement on a repeated id. */
    COPY_OPTIMISTIC("copy-optimistic");

    private final String label;

    SinkStrategy(String label) {
        this.label = label;
    }

    /** The strategy named {@code label} ({@code unnest}, {@code copy}, {@code copy-optimistic}). */
    public static SinkStrategy parse(String label) {
        for (SinkStrategy s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown sink '" + label + "'; known: "
                + Arrays.stream(values()).map(SinkStrategy::toString).collect(Collectors.joining(", ")));
    }

    /**
     * The writer's sink: this strategy's transactions, observed by {@code progress} as they commit, split into
     * {@code lanes} parallel partition groups ({@link ParallelSink}) when more than one, behind a one-batch pipeline
     * ({@link PipelinedSink}) when asked.
     */
    Sink<TextMessage> create(
            DataSource dataSource, String groupId, WriteProgress progress, int lanes, boolean pipelined) {
        Sink<TextMessage> sink = new ObservedSink<>(transactions(dataSource, groupId), progress::committed);
        if (lanes > 1) {
            sink = new ParallelSink<>(sink, lanes);
        }
        return pipelined ? new PipelinedSink<>(sink) : sink;
    }

    private Sink<TextMessage> transactions(DataSource dataSource, String groupId) {
        return switch (this) {
            case UNNEST -> new TextMessageSink(dataSource, groupId);
            case COPY -> new CopyTextMessageSink(dataSource, groupId);
            case COPY_OPTIMISTIC -> new OptimisticCopySink(dataSource, groupId);
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
