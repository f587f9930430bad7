package io.sluice.requestevents;

import io.sluice.core.config.Settings;
import io.sluice.core.lifecycle.ShutdownSignal;
import io.sluice.http.Metrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the request-events service alone (what a container runs; {@code ./sluice run request-events} is the same).
 * Arguments: {@code [--config FILE] [key=value ...]}; the environment as in {@link RequestEventsConfig#ENV}. On
 * SIGTERM it flushes or spills every event in hand before exiting.
 */
public final class RequestEventsMain {
    private static final Logger log = LoggerFactory.getLogger(RequestEventsMain.class);

    private RequestEventsMain() {}

    public static void main(String[] args) throws InterruptedException {
        Path file = null;
        Map<String, String> overrides = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].contains("=")) {
                overrides.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
            } else {
                System.err.println("usage: RequestEventsMain [--config FILE] [key=value ...]");
                System.exit(2);
            }
        }
        RequestEventsConfig config =
                RequestEventsConfig.from(Settings.load(file, RequestEventsConfig.ENV, System.getenv(), overrides));
        try (ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(30));
                RequestEventsService service = RequestEventsService.start(config, Metrics.prometheus())) {
            log.info(
                    "request events ready on http://localhost:{} (Kafka {}, topic {}, SQLite {})",
                    service.httpPort(),
                    config.bootstrapServers(),
                    config.topic(),
                    config.dbPath().toAbsolutePath());
            signal.await();
        }
    }
}
