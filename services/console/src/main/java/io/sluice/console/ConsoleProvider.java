package io.sluice.console;

import io.sluice.core.config.Settings;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers the operator console ({@code run console} and {@code up}: port 5080, {@code services.console.http.port},
 * {@code PORT} alone). It starts after every other service ({@link #order()}), so that in {@code up} it finds their
 * URLs under {@code platform.urls.<service>}; alone it reads them from {@code services.console.urls.<service>}
 * ({@link ConsoleConfig}).
 */
public final class ConsoleProvider implements SluiceService {
    static final String NAME = "console";
    static final int HTTP_PORT = 5080;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Console";
    }

    @Override
    public String description() {
        return "The operator's web console: the pipeline, services, topics, data and dead letters, on 5080";
    }

    @Override
    public Set<String> requires() {
        return Set.of(KAFKA);
    }

    /** Last: it shows the others. */
    @Override
    public int order() {
        return 100;
    }

    @Override
    public Map<String, String> environment() {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap_servers", "PORT", "services.console.http.port");
    }

    @Override
    public RunningService start(ServiceContext context) {
        Settings s = context.settings();
        String portKey = "services." + NAME + ".http.port";
        int port = s.isSet(portKey)
                ? s.integer(portKey, HTTP_PORT, 0, 65535)
                : context.useFreePort(HTTP_PORT) ? 0 : HTTP_PORT;
        s = s.with(Map.of("http.port", Integer.toString(port)));
        ConsoleConfig config = ConsoleConfig.from(s);
        ConsoleService console = ConsoleService.start(config, s, ServiceRegistry.load(), context.registry());
        return RunningService.of(
                console.port(),
                List.of(
                        "the pipeline, services, topics, data and dead letters",
                        config.urls().size() + " services, sampled every "
                                + config.sampleInterval().toMillis() / 1000.0 + " s"),
                List.of(),
                console::health,
                console);
    }
}
