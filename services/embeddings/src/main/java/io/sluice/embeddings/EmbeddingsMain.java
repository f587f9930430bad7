package io.sluice.embeddings;

import io.sluice.core.config.Settings;
import io.sluice.core.lifecycle.ShutdownSignal;
import io.sluice.http.Metrics;
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
        Map<String, String> env = new HashMap<>(EmbeddingsConfig.ENV);
        env.put("HTTP_PORT", "http.port");
        EmbeddingsConfig config = EmbeddingsConfig.standalone(Settings.fromArgs(args, env, System.getenv()));
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
