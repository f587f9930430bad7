package io.sluice.bench.ingest;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.consumer.ConsumerLoop;
import io.sluice.core.consumer.ConsumerState;
import io.sluice.core.consumer.Sink;
import io.sluice.db.Database;
import io.sluice.db.SqlFailureClassifier;
import io.sluice.textwriter.TextMessage;
import io.sluice.textwriter.TextMessageDecoder;
import io.sluice.textwriter.TextWriterConfig;
import java.time.Duration;

/**
 * The text writer's consumer side, wired as {@code TextWriterService} wires it — the migrated database, a
 * {@link ConsumerLoop} with the service's loop config, {@link TextMessageDecoder} and {@link SqlFailureClassifier} —
 * without the HTTP API, and with the decoder and the sink observed by a {@link WriteProgress}.
 *
 * <p>{@link #prepare} connects and migrates (not timed); {@link #start()} starts consuming (timed from there).
 */
final class BenchWriter implements AutoCloseable {
    private final Database database;
    private final ConsumerLoop<TextMessage> loop;
    private final Sink<TextMessage> sink;

    private BenchWriter(Database database, ConsumerLoop<TextMessage> loop, Sink<TextMessage> sink) {
        this.database = database;
        this.loop = loop;
        this.sink = sink;
    }

    static BenchWriter prepare(TextWriterConfig config, IngestOptions options, WriteProgress progress) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Database db = Database.connect(config.database(), "bench-writer", registry, Duration.ofSeconds(60));
        try {
            db.migrate("sluice_schema_history", "classpath:db/sluice");
            db.migrate("text_writer_schema_history", "classpath:db/text-writer");
            Sink<TextMessage> sink =
                    options.sink().create(db.dataSource(), config.consumer().groupId(), progress, options.lanes());
            ConsumerLoop<TextMessage> loop = ConsumerLoop.create(
                    config.consumer(),
                    new TimedDecoder<>(new TextMessageDecoder(), progress),
                    new ObservedSink<>(sink, progress::wrote),
                    SqlFailureClassifier.INSTANCE,
                    registry);
            return new BenchWriter(db, loop, sink);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    void start() {
        loop.start();
    }

    ConsumerState state() {
        return loop.state();
    }

    @Override
    public void close() {
        try {
            loop.close();
        } finally {
            if (sink instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // only worker threads to stop
                }
            }
            database.close();
        }
    }
}
