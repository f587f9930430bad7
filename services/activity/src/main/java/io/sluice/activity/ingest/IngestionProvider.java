package io.sluice.activity.ingest;

import io.sluice.core.config.Settings;
import io.sluice.core.service.Flow;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.SluiceService;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers the activity ingestion API ({@code run activity-ingestion}: port 9094 or {@code PORT}; in {@code up}
 * 9094, or a free port when that is taken). Its keys are {@code services.activity-ingestion.*} ({@link
 * IngestionConfig}); in {@code up} its spill file lives under the data directory.
 */
public final class IngestionProvider implements SluiceService {

    @Override
    public String name() {
        return IngestionConfig.NAME;
    }

    @Override
    public String title() {
        return "Activity ingestion";
    }

    @Override
    public String description() {
        return "Activity events API (POST /events, /events/batch) to user-activity-events, 202 once safe, on 9094";
    }

    @Override
    public Set<String> requires() {
        return Set.of(KAFKA);
    }

    /** Before the activity processor, which reads its topic. */
    @Override
    public int order() {
        return 40;
    }

    @Override
    public Map<String, String> environment() {
        return IngestionConfig.ENV;
    }

    /** {@code POST /events} to the activity topic. */
    @Override
    public Flow flow(Settings s) {
        Settings own = s.within(IngestionConfig.PREFIX);
        return new Flow(
                List.of("http:/events"),
                List.of(),
                List.of(own.string("topic", io.sluice.activity.EnrichedEvent.TOPIC)
                        .trim()),
                List.of(),
                List.of());
    }

    @Override
    public RunningService start(ServiceContext context) {
        Settings s = context.settings();
        String portKey = IngestionConfig.PREFIX + ".http.port";
        if (context.mode() == ServiceContext.Mode.UP && !s.isSet(portKey)) {
            s = s.withDefaults(Map.of(
                    portKey,
                    context.useFreePort(IngestionConfig.DEFAULT_HTTP_PORT)
                            ? "0"
                            : Integer.toString(IngestionConfig.DEFAULT_HTTP_PORT)));
        } else if (context.mode() == ServiceContext.Mode.RUN) {
            s = IngestionConfig.withPort(s, System.getenv());
        }
        IngestionConfig config = IngestionConfig.from(s, context.dataDir());
        IngestionService service = IngestionService.start(config, context.registry());
        String url = "http://localhost:" + service.httpPort();
        return RunningService.of(
                service.httpPort(),
                List.of(
                        "topic " + config.topic() + " (keyed by user_id, " + config.compression() + ")",
                        "POST /events, POST /events/batch (<= " + config.maxBatchEvents() + " events)"),
                List.of(
                        "curl -X POST " + url + "/events -H 'Content-Type: application/json' -d "
                                + "'{\"event_type\":\"page_view\",\"user_id\":\"u1\"}'",
                        "./sluice activity send --type page_view --user u1"),
                service::health,
                service);
    }
}
