package io.sluice.app;

import io.sluice.core.lifecycle.ShutdownSignal;
import io.sluice.embeddings.EmbeddingsConfig;
import io.sluice.embeddings.EmbeddingsService;
import io.sluice.http.Metrics;
import io.sluice.requestevents.RequestEventsConfig;
import io.sluice.requestevents.RequestEventsService;
import io.sluice.textwriter.TextWriterConfig;
import io.sluice.textwriter.TextWriterService;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        mixinStandardHelpOptions = true,
        name = "run",
        description = "Run one service alone against the configured Kafka and PostgreSQL, nothing embedded"
                + " (the production shape; what a container runs). Services: text-writer, embeddings, request-events.")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    enum Service {
        TEXT_WRITER("text-writer"),
        EMBEDDINGS("embeddings"),
        REQUEST_EVENTS("request-events");

        private final String label;

        Service(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }

        static Service parse(String s) {
            for (Service v : values()) {
                if (v.label.equals(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException(
                    "unknown service '" + s + "'; known: text-writer, embeddings, request-events");
        }
    }

    @Parameters(index = "0", paramLabel = "SERVICE", converter = ServiceConverter.class)
    Service service;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws InterruptedException {
        if (service == Service.EMBEDDINGS) {
            return runEmbeddings();
        }
        if (service == Service.REQUEST_EVENTS) {
            return runRequestEvents();
        }
        TextWriterConfig cfg = TextWriterConfig.from(config.settings());
        try (ShutdownSignal signal = ShutdownSignal.install(config.shutdownGrace());
                TextWriterService s = TextWriterService.start(cfg, Metrics.prometheus())) {
            log.info(
                    "{} ready on http://localhost:{} (Kafka {}, PostgreSQL {}:{})",
                    service,
                    s.httpPort(),
                    cfg.bootstrapServers(),
                    cfg.database().host(),
                    cfg.database().port());
            signal.await();
        }
        return 0;
    }

    private Integer runEmbeddings() throws InterruptedException {
        EmbeddingsConfig cfg = EmbeddingsConfig.standalone(config.settings());
        try (ShutdownSignal signal = ShutdownSignal.install(config.shutdownGrace());
                EmbeddingsService s = EmbeddingsService.start(cfg, Metrics.prometheus())) {
            log.info(
                    "{} ready on http://localhost:{} (model {}, store {}, PostgreSQL {}:{}/{})",
                    service,
                    s.httpPort(),
                    cfg.provider(),
                    s.storeName(),
                    cfg.database().host(),
                    cfg.database().port(),
                    cfg.database().name());
            signal.await();
        }
        return 0;
    }

    private Integer runRequestEvents() throws InterruptedException {
        RequestEventsConfig cfg = RequestEventsConfig.from(config.settings(RequestEventsConfig.ENV));
        try (ShutdownSignal signal = ShutdownSignal.install(config.shutdownGrace());
                RequestEventsService s = RequestEventsService.start(cfg, Metrics.prometheus())) {
            log.info(
                    "{} ready on http://localhost:{} (Kafka {}, topic {}, SQLite {})",
                    service,
                    s.httpPort(),
                    cfg.bootstrapServers(),
                    cfg.topic(),
                    cfg.dbPath().toAbsolutePath());
            signal.await();
        }
        return 0;
    }

    static final class ServiceConverter implements picocli.CommandLine.ITypeConverter<Service> {
        @Override
        public Service convert(String value) {
            return Service.parse(value);
        }
    }
}
