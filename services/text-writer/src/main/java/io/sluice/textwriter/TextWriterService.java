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

/**
 * The running text writer: database (migrated), the Kafka consumer loop, and the REST API. {@link #close()}
 * stops them in reverse order: HTTP first, then the consumer (which stores its batch in hand), then the pool.
 */
public final class TextWriterService implements AutoCloseable {
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
     * side with the peers"): the topics and the consumer's clients (about 1,700 classes to load) are made on two threads
     * while this one connects to the database and makes the offsets table, and a fourth makes {@code text_messages};
     * the loop starts once the offsets table and the topics exist, and joins its group and fetches while the
     * messages table may still be in the making: its first write waits for that.
     */
    public static TextWriterService start(TextWriterConfig config, PrometheusMeterRegistry registry) {
        CompletableFuture<Database> connected = new CompletableFuture<>();
        CompletableFuture<Void> tableReady = new CompletableFuture<>();
        CompletableFuture<ConsumerLoop<TextMessage>> kafka = new CompletableFuture<>();
        CompletableFuture<Void> topics = new CompletableFuture<>();
        Thread.ofPlatform().name("sluice-text-writer-topics").start(() -> {
            try {
                ensureTopics(config);
                topics.complete(null);
            } catch (Throwable e) {
                topics.completeExceptionally(e);
            }
        });
        Thread.ofPlatform().name("sluice-text-writer-start").start(() -> {
            try {
                ConsumerLoop<TextMessage> created = createLoop(config, connected.join(), tableReady, registry);
                try {
                    topics.join();
                } catch (RuntimeException e) {
                    created.close();
                    throw e;
                }
                kafka.complete(created);
            } catch (Throwable e) {
                kafka.completeExceptionally(e);
            }
        });
        Database db;
        try {
            db = Database.connect(config.database(), "text-writer", registry, Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            connected.completeExceptionally(e);
            kafka.handle((l, x) -> l).join();
            throw e;
        }
        connected.complete(db);
        ConsumerLoop<TextMessage> loop = null;
        // The messages table is made on a third thread while this one makes the offsets table.
        Thread.ofPlatform().name("sluice-text-writer-migrate").start(() -> {
            try {
                db.migrate("text_writer_schema_history", "classpath:db/text-writer");
                tableReady.complete(null);
            } catch (Throwable e) {
                tableReady.completeExceptionally(e);
            }
        });
        try {
            db.migrate("sluice_schema_history", "classpath:db/sluice");
            // The offsets table exists: the loop may join its group and fetch while the messages table is made.
            loop = join(kafka).start();
            join(tableReady);
            ConsumerLoop<TextMessage> started = loop;
            TextWriterRoutes routes = new TextWriterRoutes(
                    new TextMessageStore(db.dataSource()), () -> started.state().running(), config.http());
            HttpServer http = HttpServer.start(
                    TextWriterConfig.SERVICE, config.http(), registry, () -> health(db, started), routes::register);
            return new TextWriterService(db, loop, http);
        } catch (RuntimeException e) {
            tableReady.completeExceptionally(e);
            ConsumerLoop<TextMessage> created =
                    loop != null ? loop : kafka.handle((l, x) -> l).join();
            if (created != null) {
                created.close();
            }
            db.close();
            throw e;
        }
    }

    private static void ensureTopics(TextWriterConfig config) {
        if (config.createTopics()) {
            Topics.ensure(
                    config.bootstrapServers(),
                    config.consumer().security(),
                    Map.of(
                            config.topic(),
                            config.partitions(),
                            DeadLetterPublisher.topicFor(config.topic()),
                            config.partitions()),
                    Duration.ofSeconds(15));
        }
    }

    /** The loop, not started. */
    private static ConsumerLoop<TextMessage> createLoop(
            TextWriterConfig config,
            Database db,
            CompletableFuture<Void> tableReady,
            PrometheusMeterRegistry registry) {
        return ConsumerLoop.create(
                config.consumer(),
                new TextMessageDecoder(),
                new TextMessageSink(db.dataSource(), config.consumer().groupId(), tableReady),
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
