package io.sluice.requestevents;

import io.sluice.core.config.Settings;
import io.sluice.core.lifecycle.ShutdownSignal;
import io.sluice.http.Metrics;
import java.time.Duration;
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
        Settings settings = Settings.fromArgs(args, RequestEventsConfig.ENV, System.getenv());
        RequestEventsConfig config = RequestEventsConfig.from(settings);
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
