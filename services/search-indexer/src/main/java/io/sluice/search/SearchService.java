package io.sluice.search;

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
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The running search indexer: the store (migrated), the consumer loop over the products topic, the tombstone sweep
 * (a {@link BackgroundWorker}) and the search API. {@link #close()} stops them in reverse order: HTTP, the consumer
 * (which stores its batch in hand), the sweep, then the store.
 */
public final class SearchService implements AutoCloseable {
    private final SearchStores.Opened opened;
    private final ConsumerLoop<ProductVersion> consumer;
    private final BackgroundWorker sweeper;
    private final HttpServer http;
    private final String store;
    private final S3DeadLetterCopy dlqCopy;

    private SearchService(
            SearchStores.Opened opened,
            ConsumerLoop<ProductVersion> consumer,
            BackgroundWorker sweeper,
            HttpServer http,
            String store,
            S3DeadLetterCopy dlqCopy) {
        this.opened = opened;
        this.consumer = consumer;
        this.sweeper = sweeper;
        this.http = http;
        this.store = store;
        this.dlqCopy = dlqCopy;
    }

    /** Starts with AWS clients configured from {@code config} alone (credentials from the SDK's default chain). */
    public static SearchService start(SearchConfig config, PrometheusMeterRegistry registry) {
        return start(config, AwsConfig.of(config.awsRegion(), config.awsEndpointUrl()), registry);
    }

    /**
     * Starts the service.
     *
     * @param aws where the DynamoDB store and the S3 copy of dead letters ({@code DLQ_S3_BUCKET}) connect
     */
    public static SearchService start(SearchConfig config, AwsConfig aws, PrometheusMeterRegistry registry) {
        SearchStores.Opened opened = SearchStores.open(config, aws, registry);
        S3DeadLetterCopy dlqCopy = null;
        BackgroundWorker sweeper = null;
        ConsumerLoop<ProductVersion> loop = null;
        try {
            SearchStore store = opened.store();
            store.migrate();
            dlqCopy = S3DeadLetterCopy.open(aws, config.dlqS3Bucket(), SearchConfig.SERVICE);
            if (config.createTopics()) {
                Topics.ensure(
                        config.bootstrapServers(),
                        Map.of(
                                config.topic(), config.partitions(),
                                DeadLetterPublisher.topicFor(config.topic()), config.partitions()),
                        Duration.ofSeconds(15));
            }
            SearchMetrics metrics = new SearchMetrics(registry, SearchConfig.SERVICE);
            sweeper = new BackgroundWorker(
                            "sluice-search-tombstones",
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(60),
                            Duration.ofSeconds(5),
                            new TombstoneSweeper(
                                    store,
                                    config.tombstoneRetention(),
                                    config.tombstoneSweepInterval(),
                                    metrics,
                                    InstantSource.system()))
                    .start();
            loop = ConsumerLoop.create(
                            config.consumer(),
                            new ProductDecoder(),
                            new SearchSink(store, metrics),
                            opened.classifier(),
                            registry,
                            dlqCopy)
                    .start();
            ConsumerLoop<ProductVersion> started = loop;
            String storeName = config.store().name().toLowerCase(Locale.ROOT);
            SearchRoutes routes = new SearchRoutes(store, metrics.latency());
            HttpServer http = HttpServer.start(
                    SearchConfig.SERVICE,
                    config.http(),
                    registry,
                    () -> health(opened.reachable(), started, storeName),
                    r -> {
                        routes.register(r);
                        opened.outages().accept(r);
                    });
            return new SearchService(opened, loop, sweeper, http, storeName, dlqCopy);
        } catch (RuntimeException e) {
            closeQuietly(loop, e);
            closeQuietly(sweeper, e);
            closeQuietly(dlqCopy, e);
            closeQuietly(opened.store(), e);
            closeQuietly(opened.resources(), e);
            throw e;
        }
    }

    private static Health health(BooleanSupplier reachable, ConsumerLoop<ProductVersion> loop, String store) {
        ConsumerState state = loop.state();
        return HealthBuilder.forService(SearchConfig.SERVICE)
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
        RuntimeException failure = new RuntimeException("closing the search indexer failed");
        closeQuietly(http, failure);
        closeQuietly(consumer, failure);
        closeQuietly(sweeper, failure);
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
