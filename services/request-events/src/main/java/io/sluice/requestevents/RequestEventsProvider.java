package io.sluice.requestevents;

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
 * Registers request events ({@code run request-events}, port 8080 or {@code PORT}). Its keys predate the namespace
 * rule: {@code services.request-events.<key>} is read as {@code events.<key>}, except the shared {@code
 * kafka.bootstrap_servers} and {@code otel.*}.
 */
public final class RequestEventsProvider implements SluiceService {

    @Override
    public String name() {
        return "request-events";
    }

    @Override
    public String title() {
        return "Request events";
    }

    @Override
    public String description() {
        return "HTTP metadata API emitting request events to Kafka, stored in SQLite, on 8080";
    }

    @Override
    public Set<String> requires() {
        return Set.of(KAFKA);
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public Map<String, String> environment() {
        return RequestEventsConfig.ENV;
    }

    @Override
    public String legacyKey(String key) {
        return key.equals("kafka.bootstrap_servers") || key.startsWith("otel.") ? key : "events." + key;
    }

    /** Its own HTTP requests as events to {@code events.topic}, consumed back into SQLite. */
    @Override
    public Flow flow(Settings s) {
        String topic = s.string("events.topic", "simple-time-events").trim();
        return new Flow(
                List.of("http:request-events"),
                List.of(topic),
                List.of(topic, topic + ".dlq"),
                List.of("sqlite:"
                        + java.nio.file.Path.of(s.string("events.db_path", "./data/events.db")
                                        .trim())
                                .getFileName()),
                List.of(s.string("events.consumer_group", "simple-time-group").trim()));
    }

    @Override
    public RunningService start(ServiceContext context) {
        Settings settings = context.mode() == ServiceContext.Mode.UP ? upDefaults(context) : context.settings();
        RequestEventsConfig config = RequestEventsConfig.from(settings);
        RequestEventsService s = RequestEventsService.start(config, context.registry());
        return RunningService.of(
                s.httpPort(),
                List.of(
                        "topic " + config.topic() + ", SQLite " + config.dbPath(),
                        "GET /, POST /kafka/publish, GET /kafka/status"),
                List.of("curl http://localhost:" + s.httpPort() + "/"),
                s::health,
                s);
    }

    /**
     * In {@code up}: the SQLite file (and spill file) under the data directory, and port 8080 unless it is taken
     * (then a free port, shown in the banner) or the others get free ports.
     */
    private static Settings upDefaults(ServiceContext context) {
        Settings s = context.settings();
        Map<String, String> d = new HashMap<>();
        d.put(
                "events.db_path",
                context.dataDir().resolve("request-events").resolve("events.db").toString());
        if (!s.isSet("events.http.port") && context.useFreePort(RequestEventsConfig.DEFAULT_HTTP_PORT)) {
            d.put("events.http.port", "0");
        }
        return s.withDefaults(d);
    }
}
