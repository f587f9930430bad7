package io.sluice.inventory;

import io.sluice.core.config.Settings;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.SluiceService;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers the inventory ({@code run inventory}: port 8080 or {@code PORT}; in {@code up} 8081, or a free port when
 * that is taken). Its keys are {@code services.inventory.*} ({@link InventoryConfig}).
 */
public final class InventoryProvider implements SluiceService {
    static final int UP_HTTP_PORT = 8081;

    @Override
    public String name() {
        return InventoryConfig.NAME;
    }

    @Override
    public String title() {
        return "Inventory";
    }

    @Override
    public String description() {
        return "Debezium products and order items to stock levels (PostgreSQL), low-stock alerts, REST API on 8081";
    }

    @Override
    public Set<String> requires() {
        return Set.of(KAFKA, POSTGRES);
    }

    /** After the CDC source, whose topics it reads. */
    @Override
    public int order() {
        return 17;
    }

    @Override
    public Map<String, String> environment() {
        return InventoryConfig.ENV;
    }

    @Override
    public RunningService start(ServiceContext context) {
        Settings s = context.settings();
        String portKey = InventoryConfig.PREFIX + ".http.port";
        if (context.mode() == ServiceContext.Mode.UP && !s.isSet(portKey)) {
            s = s.withDefaults(
                    Map.of(portKey, context.useFreePort(UP_HTTP_PORT) ? "0" : Integer.toString(UP_HTTP_PORT)));
        }
        InventoryConfig config = InventoryConfig.from(s);
        InventoryService service = InventoryService.start(config, InventoryAws.config(s), context.registry());
        String url = "http://localhost:" + service.httpPort();
        return RunningService.of(
                service.httpPort(),
                List.of(
                        "topics " + String.join(", ", config.topics()) + ", store "
                                + config.store().name().toLowerCase(java.util.Locale.ROOT),
                        "low-stock alerts (< " + config.lowStockThreshold() + ") to " + config.alertTopic()),
                List.of(
                        "curl " + url + "/inventory/1",
                        "curl '" + url + "/inventory/low-stock?threshold=10'",
                        "./sluice inventory get 1"),
                service::health,
                service);
    }
}
