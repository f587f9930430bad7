package io.sluice.embeddings;

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
 * Runs the embeddings service alone against a configured PostgreSQL ({@code ./sluice run embeddings} is the same).
 * Arguments: {@code [--config FILE] [key=value ...]}; the environment as in {@link EmbeddingsConfig#ENV}.
 */
public final class EmbeddingsMain {
    private static final Logger log = LoggerFactory.getLogger(EmbeddingsMain.class);

    private EmbeddingsMain() {}

    public static void main(String[] args) throws InterruptedException {
        Path file = null;
        Map<String, String> overrides = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].contains("=")) {
                overrides.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
            } else {
                System.err.println("usage: EmbeddingsMain [--config FILE] [key=value ...]");
                System.exit(2);
            }
        }
        Map<String, String> env = new HashMap<>(EmbeddingsConfig.ENV);
        env.put("HTTP_PORT", "http.port");
        EmbeddingsConfig config = EmbeddingsConfig.standalone(Settings.load(file, env, System.getenv(), overrides));
        try (ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(30));
                EmbeddingsService service = EmbeddingsService.start(config, Metrics.prometheus())) {
            log.info(
                    "embeddings service ready on http://localhost:{} (store {})",
                    service.httpPort(),
                    service.storeName());
            signal.await();
        }
    }
}
