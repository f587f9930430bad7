package io.sluice.textwriter;

import io.sluice.core.config.Settings;
import io.sluice.core.service.Flow;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.SluiceService;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers the text writer ({@code run text-writer}, port 5001). Its keys predate the namespace rule and live at
 * the root, as in the original's {@code config.yaml}: {@code services.text-writer.<key>} is read as {@code <key>}.
 */
public final class TextWriterProvider implements SluiceService {

    @Override
    public String name() {
        return "text-writer";
    }

    @Override
    public String title() {
        return "Text writer";
    }

    @Override
    public String description() {
        return "Kafka text-messages to PostgreSQL, REST API on 5001";
    }

    @Override
    public Set<String> requires() {
        return Set.of(KAFKA, POSTGRES);
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Map<String, String> environment() {
        return TextWriterConfig.ENV;
    }

    @Override
    public String legacyKey(String key) {
        return key;
    }

    /** {@code kafka.input_topic} to the {@code text_messages} table, under {@code kafka.consumer_group}. */
    @Override
    public Flow flow(Settings s) {
        return Flow.consumer(
                s.string("kafka.input_topic", "text-messages").trim(),
                s.string("kafka.consumer_group", "text-writer-service").trim(),
                "postgres:text_messages");
    }

    @Override
    public RunningService start(ServiceContext context) {
        TextWriterConfig config = TextWriterConfig.from(context.settings());
        TextWriterService s = TextWriterService.start(config, context.registry());
        String url = "http://localhost:" + s.httpPort();
        return RunningService.of(
                s.httpPort(),
                List.of(
                        "topic " + config.topic() + ", DLQ " + config.topic() + ".dlq",
                        "health /health, metrics /metrics"),
                List.of(
                        "curl " + url + "/health",
                        "./sluice create \"Hello, Sluice\"",
                        "./sluice kafka produce " + config.topic()
                                + " '{\"id\":\"test-123\",\"text\":\"Hello Kafka\"}'",
                        "./sluice list"),
                s::health,
                s);
    }
}
