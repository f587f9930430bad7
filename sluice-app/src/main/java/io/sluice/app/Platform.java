package io.sluice.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.config.Settings;
import io.sluice.db.DatabaseConfig;
import io.sluice.embedded.EmbeddedKafka;
import io.sluice.embedded.EmbeddedPostgres;
import io.sluice.embeddings.EmbeddingsConfig;
import io.sluice.embeddings.EmbeddingsService;
import io.sluice.http.Metrics;
import io.sluice.requestevents.RequestEventsConfig;
import io.sluice.requestevents.RequestEventsService;
import io.sluice.textwriter.TextWriterConfig;
import io.sluice.textwriter.TextWriterService;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code sluice up} runs in one process: an embedded Kafka broker and PostgreSQL — each only when the
 * configuration does not name an external one — and the services. Closes in reverse start order.
 */
final class Platform implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Platform.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private EmbeddedKafka kafka;
    private EmbeddedPostgres postgres;
    private TextWriterService textWriter;
    private TextWriterConfig textWriterConfig;
    private EmbeddingsService embeddings;
    private EmbeddingsConfig embeddingsConfig;
    private RequestEventsService requestEvents;
    private RequestEventsConfig requestEventsConfig;

    /**
     * Starts the platform.
     *
     * @param dataDir where embedded Kafka ({@code kafka/}) and PostgreSQL ({@code postgres/}) keep their data
     */
    static Platform start(Settings settings, Path dataDir) {
        Platform p = new Platform();
        try {
            p.startAll(settings, dataDir);
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void startAll(Settings settings, Path dataDir) {
        Map<String, String> resolved = new HashMap<>();
        CompletableFuture<Void> kafkaUp = CompletableFuture.completedFuture(null);
        CompletableFuture<Void> postgresUp = CompletableFuture.completedFuture(null);
        if (!settings.isSet("kafka.bootstrap_servers")) {
            kafka = EmbeddedKafka.builder()
                    .dataDirectory(dataDir.resolve("kafka"))
                    .brokerPort(settings.integer("embedded.kafka.port", 9092, 0, 65535))
                    .controllerPort(settings.integer("embedded.kafka.controller_port", 9093, 0, 65535))
                    .build();
            started.push(kafka);
            kafkaUp = CompletableFuture.runAsync(kafka::start);
            resolved.put("kafka.bootstrap_servers", kafka.bootstrapServers());
        }
        if (!settings.isSet("database.host")) {
            postgres = EmbeddedPostgres.builder()
                    .dataDirectory(dataDir.resolve("postgres"))
                    .port(settings.integer("database.port", DatabaseConfig.DEFAULT_PORT, 0, 65535))
                    .stopOnJvmExit(false)
                    .durable(true)
                    .build();
            started.push(postgres);
            postgresUp = CompletableFuture.runAsync(postgres::start);
            resolved.put("database.host", postgres.host());
            resolved.put("database.port", Integer.toString(postgres.port()));
            resolved.put("database.user", EmbeddedPostgres.USER);
        }
        try {
            CompletableFuture.allOf(kafkaUp, postgresUp).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        Settings effective = settings.with(resolved);
        PrometheusMeterRegistry registry = Metrics.prometheus();
        textWriterConfig = TextWriterConfig.from(effective);
        textWriter = TextWriterService.start(textWriterConfig, registry);
        started.push(textWriter);
        // The CQRS read side of the same text_messages table, so after the text writer (which creates it).
        embeddingsConfig = EmbeddingsConfig.from(effective.with(embeddingsDefaults(settings, dataDir)));
        embeddings = EmbeddingsService.start(embeddingsConfig, registry);
        started.push(embeddings);
        requestEventsConfig = RequestEventsConfig.from(effective.with(requestEventsDefaults(settings, dataDir)));
        requestEvents = RequestEventsService.start(requestEventsConfig, registry);
        started.push(requestEvents);
    }

    /**
     * Request events keeps its SQLite file (and spill file) under the data directory, and listens on 8080 unless that
     * is taken (then on a free port, shown in the banner) or the tests ask for free ports ({@code http.port=0}).
     */
    private static Map<String, String> requestEventsDefaults(Settings settings, Path dataDir) {
        Map<String, String> d = new HashMap<>();
        if (!settings.isSet("events.db_path")) {
            d.put(
                    "events.db_path",
                    dataDir.resolve("request-events").resolve("events.db").toString());
        }
        if (!settings.isSet("events.http.port")
                && ("0".equals(settings.string("http.port", "")) || !isFree(RequestEventsConfig.DEFAULT_HTTP_PORT))) {
            d.put("events.http.port", "0");
        }
        return d;
    }

    private static boolean isFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress(port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The Lucene index under the data directory; {@code http.port=0} (free ports) applies to it too. */
    private static Map<String, String> embeddingsDefaults(Settings settings, Path dataDir) {
        Map<String, String> d = new HashMap<>();
        if (!settings.isSet("embedding.lucene.directory")) {
            d.put(
                    "embedding.lucene.directory",
                    dataDir.resolve("embeddings").resolve("lucene").toString());
        }
        if (!settings.isSet("embeddings.http.port") && "0".equals(settings.string("http.port", ""))) {
            d.put("embeddings.http.port", "0");
        }
        return d;
    }

    EmbeddedKafka kafka() {
        return kafka;
    }

    EmbeddedPostgres postgres() {
        return postgres;
    }

    TextWriterService textWriter() {
        return textWriter;
    }

    TextWriterConfig textWriterConfig() {
        return textWriterConfig;
    }

    EmbeddingsService embeddings() {
        return embeddings;
    }

    EmbeddingsConfig embeddingsConfig() {
        return embeddingsConfig;
    }

    RequestEventsService requestEvents() {
        return requestEvents;
    }

    RequestEventsConfig requestEventsConfig() {
        return requestEventsConfig;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
