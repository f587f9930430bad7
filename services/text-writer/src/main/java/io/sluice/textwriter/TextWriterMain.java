package io.sluice.textwriter;

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
 * Runs the text writer alone against configured servers (what a container runs; {@code ./sluice run
 * text-writer} is the same). Arguments: {@code [--config FILE] [key=value ...]}; the environment as in
 * {@link TextWriterConfig#ENV}. Exits on SIGTERM after storing the batch in hand.
 */
public final class TextWriterMain {
    private static final Logger log = LoggerFactory.getLogger(TextWriterMain.class);

    private TextWriterMain() {}

    public static void main(String[] args) throws InterruptedException {
        Path file = null;
        Map<String, String> overrides = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].contains("=")) {
                overrides.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
            } else {
                System.err.println("usage: TextWriterMain [--config FILE] [key=value ...]");
                System.exit(2);
            }
        }
        TextWriterConfig config =
                TextWriterConfig.from(Settings.load(file, TextWriterConfig.ENV, System.getenv(), overrides));
        try (ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(30));
                TextWriterService service = TextWriterService.start(config, Metrics.prometheus())) {
            log.info("text writer ready on http://localhost:{}", service.httpPort());
            signal.await();
        }
    }
}
