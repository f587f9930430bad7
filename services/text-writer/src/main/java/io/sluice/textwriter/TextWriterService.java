package io.sluice.textwriter;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.consumer.ConsumerLoop;
import io.sluice.core.consumer.ConsumerState;
import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthBuilder;
import io.sluice.core.kafka.Topics;
import io.sluice.db.Database;
import io.sluice.db.SqlFailureClassifier;
import io.sluice.http.HttpServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The running text writer: database (migrated), the Kafka consumer loop, and the REST API. {@link #close()}
 * stops them in reverse order: HTTP first, then the consumer (which stores its batch in hand), then the pool.
 */
public final class TextWriterService implements AutoCloseable {
    private static final Duration SETTLE_WAIT = Duration.ofSeconds(1);

    private final Database database;
    private final ConsumerLoop<TextMessage> consumer;
    private final HttpServer http;

    private TextWriterService(Database database, ConsumerLoop<TextMessage> consumer, HttpServer http) {
        this.database = database;
        this.consumer = consumer;
        this.http = http;
    }

    /**
     * Starts the service, its parts side by side so that the first batch is stored sooner (docs/benchmarks.md, "Side by
     * side with the peers"): the topics and the consumer's clients are made on two threads while this one connects to
     * the database and makes the offsets table, and a fourth makes {@code text_messages}. The loop starts as soon as
     * its clients and the topics exist, and joins its group and fetches while the tables may still be in the making:
     * reading the stored offsets and the first write wait for them ({@link TextMessageSink}). The HTTP server starts
     * once the loop {@linkplain ConsumerLoop#settled() settled} (at most a second later), and this method returns when
     * it is up. The dead-letter topic is made after the source topic, and nothing waits for it.
     */
    public static TextWriterService start(TextWriterConfig config, PrometheusMeterRegistry registry) {
        CompletableFuture<Database> connected = new CompletableFuture<>();
        CompletableFuture<Void> tablesReady = new CompletableFuture<>();
        CompletableFuture<Void> topics =
                CompletableFuture.runAsync(() -> ensureTopic(config, config.topic()), thread("topics"));
        // Needed at the first dead letter only: the loop does not wait for it (nor for its partitions' leaders).
        topics.thenRunAsync(() -> ensureTopic(config, DeadLetterPublisher.topicFor(config.topic())), thread("dlq"));
        CompletableFuture<ConsumerLoop<TextMessage>> started = CompletableFuture.supplyAsync(
                () -> {
                    ConsumerLoop<TextMessage> loop = createLoop(config, connected.join(), tablesReady, registry);
                    try {
                        topics.join();
                        return loop.start();
                    } catch (RuntimeException e) {
                        loop.close();
                        throw e;
                    }
                },
                thread("start"));
        Database db;
        try {
            db = Database.connect(config.database(), "text-writer", registry, Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            connected.completeExceptionally(e);
            started.handle((l, x) -> l).join();
            throw e;
        }
        connected.complete(db);
        CompletableFuture<Void> messagesTable = CompletableFuture.runAsync(
                () -> db.migrate("text_writer_schema_history", "classpath:db/text-writer"), thread("migrate"));
        try {
            db.migrate("sluice_schema_history", "classpath:db/sluice");
            join(messagesTable);
            tablesReady.complete(null);
            ConsumerLoop<TextMessage> loop = join(started);
            // The HTTP server (a sixth of a second of CPU on the 2-core build machine, where the start is CPU-bound)
            // after the first batch is stored, or the loop caught up with nothing to store; at the latest after a
            // second (the
            // broker's group.initial.rebalance.delay.ms, an outage: /health must answer then).
            loop.settled()
                    .completeOnTimeout(null, SETTLE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .join();
            TextWriterRoutes routes = new TextWriterRoutes(
                    new TextMessageStore(db.dataSource()), () -> loop.state().running(), config.http());
            HttpServer http = HttpServer.start(
                    TextWriterConfig.SERVICE, config.http(), registry, () -> health(db, loop), routes::register);
            return new TextWriterService(db, loop, http);
        } catch (RuntimeException e) {
            tablesReady.completeExceptionally(e);
            messagesTable.handle((v, x) -> v).join();
            ConsumerLoop<TextMessage> loop = started.handle((l, x) -> l).join();
            if (loop != null) {
                loop.close();
            }
            db.close();
            throw e;
        }
    }

    /** Runs each task on a new platform thread of this name (the start's steps block on I/O). */
    private static Executor thread(String name) {
        return task -> Thread.ofPlatform().name("sluice-text-writer-" + name).start(task);
    }

    private static void ensureTopic(TextWriterConfig config, String topic) {
        if (config.createTopics()) {
            Topics.ensure(
                    config.bootstrapServers(),
                    config.consumer().security(),
                    Map.of(topic, config.partitions()),
                    Duration.ofSeconds(15));
        }
    }

    /** The loop, not started. */
    private static ConsumerLoop<TextMessage> createLoop(
            TextWriterConfig config,
            Database db,
            CompletableFuture<Void> tablesReady,
            PrometheusMeterRegistry registry) {
        return ConsumerLoop.create(
                config.consumer(),
                new TextMessageDecoder(),
                new TextMessageSink(db.dataSource(), config.consumer().groupId(), tablesReady),
                SqlFailureClassifier.INSTANCE,
                registry);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static Health health(Database db, ConsumerLoop<TextMessage> loop) {
        ConsumerState state = loop.state();
        return HealthBuilder.forService(TextWriterConfig.SERVICE)
                .detail("kafka_consumer_running", state.running())
                .detail("kafka_status", state.brokerReachable() ? "UP" : "NOT UP")
                .database(db.isReachable())
                .consumer(state)
                .build();
    }

    /** The service's health, as {@code /health} reports it. */
    public Health health() {
        return health(database, consumer);
    }

    public int httpPort() {
        return http.port();
    }

    public ConsumerState consumerState() {
        return consumer.state();
    }

    @Override
    public void close() {
        try {
            http.close();
        } finally {
            try {
                consumer.close();
            } finally {
                database.close();
            }
        }
    }
}
