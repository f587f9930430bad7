package io.sluice.textwriter;

import io.sluice.core.config.Settings;
import io.sluice.core.lifecycle.ShutdownSignal;
import io.sluice.http.Metrics;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the text writer alone against configured servers (what a container runs; {@code ./sluice run
 * text-writer} is the same). Arguments: {@code [--config FILE] [key=value ...]}; the environment as in
 * {@link TextWriterConfig#ENV}. Exits on SIGTERM after storing the batch in hand.
 */
public final class TextWriterMain {
    private static final Logger log = LoggerFactory.getLogger(TextWriterMain.class);

    private TextWriterMain() {}

    public static void main(String[] args) throws InterruptedException {
        Settings settings = Settings.fromArgs(args, TextWriterConfig.ENV, System.getenv());
        TextWriterConfig config = TextWriterConfig.from(settings);
        try (ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(30));
                TextWriterService service = TextWriterService.start(config, Metrics.prometheus())) {
            log.info("text writer ready on http://localhost:{}", service.httpPort());
            signal.await();
        }
    }
}
