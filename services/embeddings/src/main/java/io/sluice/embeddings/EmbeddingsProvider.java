package io.sluice.embeddings;

import io.sluice.core.config.Settings;
import io.sluice.core.service.Flow;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.SluiceService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers the embeddings read side ({@code run embeddings}, port 5003). Its keys predate the namespace rule:
 * {@code services.embeddings.http.*} is read as {@code embeddings.http.*}, {@code services.embeddings.database.*}
 * as {@code database.*}, and any other {@code services.embeddings.<key>} as {@code embedding.<key>}.
 */
public final class EmbeddingsProvider implements SluiceService {

    @Override
    public String name() {
        return "embeddings";
    }

    @Override
    public String title() {
        return "Embeddings";
    }

    @Override
    public String description() {
        return "semantic search over the text writer's messages (MiniLM; pgvector or Lucene) on 5003";
    }

    @Override
    public Set<String> requires() {
        return Set.of(POSTGRES);
    }

    /** After the text writer, whose {@code text_messages} table it reads (docs/adr/0006). */
    @Override
    public int order() {
        return 20;
    }

    @Override
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(EmbeddingsConfig.ENV);
        env.put("HTTP_PORT", "http.port"); // run alone, the usual variable sets its port too
        return env;
    }

    @Override
    public String legacyKey(String key) {
        if (key.startsWith("http.")) {
            return "embeddings." + key;
        }
        return key.startsWith("database.") ? key : "embedding." + key;
    }

    /** The text writer's table to the embeddings (pgvector, or a Lucene index); no Kafka. */
    @Override
    public Flow flow(Settings s) {
        String store = s.string("embedding.store", "auto").trim().toLowerCase(java.util.Locale.ROOT);
        return new Flow(
                List.of("postgres:text_messages"),
                List.of(),
                List.of(),
                List.of(store.equals("lucene") ? "lucene:text_embeddings" : "postgres:text_embeddings"),
                List.of());
    }

    @Override
    public RunningService start(ServiceContext context) {
        EmbeddingsConfig config = context.mode() == ServiceContext.Mode.RUN
                ? EmbeddingsConfig.standalone(context.settings())
                : EmbeddingsConfig.from(upDefaults(context));
        EmbeddingsService s = EmbeddingsService.start(config, context.registry());
        return RunningService.of(
                s.httpPort(),
                List.of(
                        "model " + config.provider() + ", store " + s.storeName(),
                        "search POST /embeddings/search, status /status"),
                List.of("./sluice embeddings search \"Hello\""),
                s::health,
                s);
    }

    /** In {@code up}: the Lucene index under the data directory, and a free port when the others get one. */
    private static Settings upDefaults(ServiceContext context) {
        Settings s = context.settings();
        Map<String, String> d = new HashMap<>();
        d.put(
                "embedding.lucene.directory",
                context.dataDir().resolve("embeddings").resolve("lucene").toString());
        if (context.freePorts()) {
            d.put("embeddings.http.port", "0");
        }
        return s.withDefaults(d);
    }
}
