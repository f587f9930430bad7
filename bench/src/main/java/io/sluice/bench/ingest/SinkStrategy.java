package io.sluice.bench.ingest;

import io.sluice.core.consumer.Sink;
import io.sluice.textwriter.TextMessage;
import io.sluice.textwriter.TextMessageSink;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** How the benchmarked writer's transactions store rows: the production way, or an alternative to compare. */
public enum SinkStrategy {
    /** The production {@link TextMessageSink}: {@code COPY}, and {@code INSERT ... ON CONFLICT} on a repeated id. */
    COPY("copy"),
    /** {@link TextMessageSink} with {@code INSERT ... SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING} alone. */
    INSERT("insert");

    private final String label;

    SinkStrategy(String label) {
        this.label = label;
    }

    /** The strategy named {@code label} ({@code copy}, {@code insert}). */
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
     * {@code lanes} parallel partition groups ({@link ParallelSink}) when more than one.
     */
    Sink<TextMessage> create(DataSource dataSource, String groupId, WriteProgress progress, int lanes) {
        Sink<TextMessage> sink =
                new ObservedSink<>(new TextMessageSink(dataSource, groupId, this == COPY), progress::committed);
        return lanes > 1 ? new ParallelSink<>(sink, lanes) : sink;
    }

    @Override
    public String toString() {
        return label;
    }
}
