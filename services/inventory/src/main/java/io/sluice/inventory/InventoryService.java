package io.sluice.inventory;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.aws.AwsConfig;
import io.sluice.aws.S3DeadLetterCopy;
import io.sluice.core.consumer.ConsumerLoop;
import io.sluice.core.consumer.ConsumerState;
import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthBuilder;
import io.sluice.core.kafka.Topics;
import io.sluice.core.lifecycle.BackgroundWorker;
import io.sluice.http.HttpServer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The running inventory: the store (migrated), the consumer loop over the products and order-items topics, the
 * pending-item sweeper and the alert publisher (each a {@link BackgroundWorker}), and the REST API. {@link #close()}
 * stops them in reverse order: HTTP, the consumer (which stores its batch in hand), the workers, then the store.
 */
public final class InventoryService implements AutoCloseable {
    private final InventoryStores.Opened opened;
    private final ConsumerLoop<InventoryChange> consumer;
    private final BackgroundWorker alerts;
    private final Producer<String, String> alertProducer;
    private final BackgroundWorker sweeper;
    private final DeadLetterPublisher sweeperDlq;
    private final HttpServer http;
    private final String store;
    private final S3DeadLetterCopy dlqCopy;

    private InventoryService(
            InventoryStores.Opened opened,
            ConsumerLoop<InventoryChange> consumer,
            BackgroundWorker alerts,
            Producer<String, String> alertProducer,
            BackgroundWorker sweeper,
            DeadLetterPublisher sweeperDlq,
            HttpServer http,
            String store,
            S3DeadLetterCopy dlqCopy) {
        this.opened = opened;
        this.consumer = consumer;
        this.alerts = alerts;
        this.alertProducer = alertProducer;
        this.sweeper = sweeper;
        this.sweeperDlq = sweeperDlq;
        this.http = http;
        this.store = store;
        this.dlqCopy = dlqCopy;
    }

    /** Starts with AWS clients configured from {@code config} alone (credentials from the SDK's default chain). */
    public static InventoryService start(InventoryConfig config, PrometheusMeterRegistry registry) {
        return start(config, AwsConfig.of(config.awsRegion(), config.awsEndpointUrl()), registry);
    }

    /**
     * Starts the service.
     *
     * @param aws where the DynamoDB store and the S3 copy of dead letters ({@code DLQ_S3_BUCKET}) connect
     */
    public static InventoryService start(InventoryConfig config, AwsConfig aws, PrometheusMeterRegistry registry) {
        InventoryStores.Opened opened = InventoryStores.open(config, aws, registry);
        S3DeadLetterCopy dlqCopy = null;
        Producer<String, String> alertProducer = null;
        DeadLetterPublisher sweeperDlq = null;
        BackgroundWorker alerts = null;
        BackgroundWorker sweeper = null;
        ConsumerLoop<InventoryChange> loop = null;
        try {
            InventoryStore store = opened.store();
            store.migrate();
            dlqCopy = S3DeadLetterCopy.open(aws, config.dlqS3Bucket(), InventoryConfig.SERVICE);
            if (config.createTopics()) {
                Map<String, Integer> topics = new HashMap<>();
                for (String t : config.topics()) {
                    topics.put(t, config.partitions());
                    topics.put(DeadLetterPublisher.topicFor(t), config.partitions());
                }
                topics.put(config.alertTopic(), config.partitions());
                Topics.ensure(config.bootstrapServers(), topics, Duration.ofSeconds(15));
            }
            InventoryMetrics metrics = new InventoryMetrics(registry, InventoryConfig.SERVICE);
            alertProducer = alertProducer(config);
            alerts = new BackgroundWorker(
                            "sluice-inventory-alerts",
                            Duration.ofMillis(200),
                            Duration.ofSeconds(30),
                            Duration.ofSeconds(5),
                            new AlertPublisher(store, alertProducer, config.alertTopic()))
                    .start();
            sweeperDlq = DeadLetterPublisher.create(
                            config.bootstrapServers(),
                            InventoryConfig.SERVICE,
                            config.consumer().deadLetter(),
                            Map.of())
                    .mirrorTo(dlqCopy);
            sweeper = new BackgroundWorker(
                            "sluice-inventory-pending",
                            Duration.ofMillis(500),
                            Duration.ofSeconds(30),
                            Duration.ofSeconds(5),
                            new PendingSweeper(
                                    store,
                                    sweeperDlq,
                                    config.pendingMaxWait(),
                                    config.pendingMaxWaitText(),
                                    config.sweepInterval(),
                                    metrics,
                                    InstantSource.system()))
                    .start();
            BackgroundWorker alertWorker = alerts;
            loop = ConsumerLoop.create(
                            config.consumer(),
                            new InventoryDecoder(),
                            new InventorySink(store, metrics, alertWorker::wake),
                            opened.classifier(),
                            registry,
                            dlqCopy)
                    .start();
            ConsumerLoop<InventoryChange> started = loop;
            String storeName = config.store().name().toLowerCase(java.util.Locale.ROOT);
            InventoryRoutes routes = new InventoryRoutes(store, config.lowStockThreshold());
            HttpServer http = HttpServer.start(
                    InventoryConfig.SERVICE,
                    config.http(),
                    registry,
                    () -> health(opened.reachable(), started, storeName),
                    r -> {
                        routes.register(r);
                        opened.outages().accept(r);
                    });
            return new InventoryService(
                    opened, loop, alerts, alertProducer, sweeper, sweeperDlq, http, storeName, dlqCopy);
        } catch (RuntimeException e) {
            closeQuietly(loop, e);
            closeQuietly(sweeper, e);
            closeQuietly(sweeperDlq, e);
            closeQuietly(alerts, e);
            closeQuietly(alertProducer, e);
            closeQuietly(dlqCopy, e);
            closeQuietly(opened.store(), e);
            closeQuietly(opened.resources(), e);
            throw e;
        }
    }

    private static Producer<String, String> alertProducer(InventoryConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, InventoryConfig.SERVICE + "-alerts");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static Health health(BooleanSupplier reachable, ConsumerLoop<InventoryChange> loop, String store) {
        ConsumerState state = loop.state();
        return HealthBuilder.forService(InventoryConfig.SERVICE)
                .detail("store", store)
                .detail("kafka_consumer_running", state.running())
                .database(reachable.getAsBoolean())
                .consumer(state)
                .build();
    }

    /** The service's health, as {@code /health} reports it. */
    public Health health() {
        return health(opened.reachable(), consumer, store);
    }

    public int httpPort() {
        return http.port();
    }

    public ConsumerState consumerState() {
        return consumer.state();
    }

    @Override
    public void close() {
        RuntimeException failure = new RuntimeException("closing the inventory service failed");
        closeQuietly(http, failure);
        closeQuietly(consumer, failure);
        closeQuietly(sweeper, failure);
        closeQuietly(sweeperDlq, failure);
        closeQuietly(alerts, failure);
        closeQuietly(alertProducer, failure);
        closeQuietly(dlqCopy, failure);
        closeQuietly(opened.store(), failure);
        closeQuietly(opened.resources(), failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private static void closeQuietly(AutoCloseable c, RuntimeException into) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            into.addSuppressed(e);
        }
    }
}
