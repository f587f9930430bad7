package io.sluice.activity.processor;

import io.sluice.core.config.Settings;
import io.sluice.core.service.Flow;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.SluiceService;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers the activity processor ({@code run activity-processor}: port 8080 or {@code PORT}; in {@code up} 8084, or a
 * free port when that is taken). Its keys are {@code services.activity-processor.*} ({@link ProcessorConfig}); the
 * seed's {@code --read-from-beginning} is {@code services.activity-processor.read_from_beginning=true}.
 */
public final class ProcessorProvider implements SluiceService {
    static final int UP_HTTP_PORT = 8084;

    @Override
    public String name() {
        return ProcessorConfig.NAME;
    }

    @Override
    public String title() {
        return "Activity processor";
    }

    @Override
    public String description() {
        return "user-activity-events to PostgreSQL exactly once, with per-user, per-session and per-minute"
                + " aggregates; REST API on 8084";
    }

    @Override
    public Set<String> requires() {
        return Set.of(KAFKA, POSTGRES);
    }

    /** After the ingestion API, whose topic it reads. */
    @Override
    public int order() {
        return 45;
    }

    @Override
    public Map<String, String> environment() {
        return ProcessorConfig.ENV;
    }

    /** The seed's {@code --read-from-beginning} ({@code sluice run activity-processor --read-from-beginning}). */
    @Override
    public Map<String, String> flags() {
        return Map.of("--read-from-beginning", ProcessorConfig.READ_FROM_BEGINNING);
    }

    /** The activity topic to the activity tables. */
    @Override
    public Flow flow(Settings s) {
        Settings own = s.within(ProcessorConfig.PREFIX);
        return Flow.consumer(
                own.string("kafka.topic", io.sluice.activity.EnrichedEvent.TOPIC)
                        .trim(),
                own.string("kafka.group_id", ProcessorConfig.DEFAULT_GROUP).trim(),
                "postgres:activity_events");
    }

    @Override
    public RunningService start(ServiceContext context) {
        Settings s = context.settings();
        String portKey = ProcessorConfig.PREFIX + ".http.port";
        if (context.mode() == ServiceContext.Mode.UP && !s.isSet(portKey)) {
            s = s.withDefaults(
                    Map.of(portKey, context.useFreePort(UP_HTTP_PORT) ? "0" : Integer.toString(UP_HTTP_PORT)));
        } else if (context.mode() == ServiceContext.Mode.RUN) {
            s = ProcessorConfig.withPort(s, System.getenv());
        }
        ProcessorConfig config = ProcessorConfig.from(s);
        ActivityProcessor service = ActivityProcessor.start(config, context.registry());
        String url = "http://localhost:" + service.httpPort();
        return RunningService.of(
                service.httpPort(),
                List.of(
                        "topic " + config.topic() + " (group "
                                + config.consumer().groupId() + "), DLQ " + config.topic() + ".dlq",
                        "events and aggregates in PostgreSQL (activity_*), exactly once"),
                List.of(
                        "curl " + url + "/activity/users/user-123",
                        "curl '" + url + "/activity/events?limit=10'",
                        "./sluice activity user user-123",
                        "./sluice activity stats"),
                service::health,
                service);
    }
}
