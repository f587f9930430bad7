package io.sluice.activity.processor;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.consumer.ConsumerLoop;
import io.sluice.core.consumer.ConsumerState;
import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.core.consumer.FailureKind;
import io.sluice.core.consumer.OffsetStore;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthBuilder;
import io.sluice.core.kafka.Topics;
import io.sluice.db.Database;
import io.sluice.db.DatabaseException;
import io.sluice.db.SqlFailureClassifier;
import io.sluice.http.HttpServer;
import io.sluice.http.StoreOutage;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running activity processor: Kafka reached (the seed's bounded attempts), the database (migrated), the consumer
 * loop over {@code user-activity-events}, and the REST API. {@link #close()} stops them in reverse order: HTTP, the
 * consumer (which stores its batch in hand), then the pool.
 */
public final class ActivityProcessor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ActivityProcessor.class);

    private final Database database;
    private final ConsumerLoop<ActivityEvent> consumer;
    private final HttpServer http;

    private ActivityProcessor(Database database, ConsumerLoop<ActivityEvent> consumer, HttpServer http) {
        this.database = database;
        this.consumer = consumer;
        this.http = http;
    }

    /**
     * Starts the processor.
     *
     * @throws KafkaStartup.KafkaUnreachableException when Kafka did not answer within {@code MAX_RETRIES} attempts
     */
    public static ActivityProcessor start(ProcessorConfig config, PrometheusMeterRegistry registry) {
        KafkaStartup.connect(config);
        if (config.autoCommitRequested() != null) {
            log.info(
                    "{}: ENABLE_AUTO_COMMIT={} is accepted and ignored: offsets are stored in PostgreSQL in the"
                            + " transaction of the rows they produced (exactly-once)",
                    ProcessorConfig.SERVICE,
                    config.autoCommitRequested());
        }
        Database db = Database.connect(config.database(), "activity-processor", registry, Duration.ofSeconds(60));
        ConsumerLoop<ActivityEvent> loop = null;
        try {
            ActivityStore store = new ActivityStore(db, config.consumer().groupId());
            store.migrate();
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
            OffsetStore offsets = store.offsetStore();
            if (config.readFromBeginning()) {
                log.info(
                        "{}: reading {} from the beginning (--read-from-beginning)",
                        ProcessorConfig.SERVICE,
                        config.topic());
                offsets = new RewindOnce(offsets);
            }
            loop = ConsumerLoop.create(
                            config.consumer(),
                            new ActivityEventDecoder(),
                            new ActivitySink(store, offsets, config.development(), registry),
                            SqlFailureClassifier.INSTANCE,
                            registry)
                    .start();
            ConsumerLoop<ActivityEvent> started = loop;
            ActivityRoutes routes = new ActivityRoutes(store);
            HttpServer http =
                    HttpServer.start(ProcessorConfig.SERVICE, config.http(), registry, () -> health(db, started), r -> {
                        routes.register(r);
                        StoreOutage.register(
                                r,
                                DatabaseException.class,
                                e -> SqlFailureClassifier.INSTANCE.classify(e) == FailureKind.TRANSIENT,
                                "Database");
                    });
            return new ActivityProcessor(db, loop, http);
        } catch (RuntimeException e) {
            if (loop != null) {
                loop.close();
            }
            db.close();
            throw e;
        }
    }

    private static Health health(Database db, ConsumerLoop<ActivityEvent> loop) {
        ConsumerState state = loop.state();
        return HealthBuilder.forService(ProcessorConfig.SERVICE)
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
