package io.sluice.app;

import io.sluice.core.lifecycle.ShutdownSignal;
import io.sluice.http.Metrics;
import io.sluice.textwriter.TextWriterConfig;
import io.sluice.textwriter.TextWriterService;
import java.time.Duration;
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
                + " (the production shape; what a container runs). Services: text-writer.")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    enum Service {
        TEXT_WRITER("text-writer");

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
            throw new IllegalArgumentException("unknown service '" + s + "'; known: text-writer");
        }
    }

    @Parameters(index = "0", paramLabel = "SERVICE", converter = ServiceConverter.class)
    Service service;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws InterruptedException {
        TextWriterConfig cfg = TextWriterConfig.from(config.settings());
        try (ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(40));
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

    static final class ServiceConverter implements picocli.CommandLine.ITypeConverter<Service> {
        @Override
        public Service convert(String value) {
            return Service.parse(value);
        }
    }
}
