package io.sluice.console.dlq;

import io.javalin.config.RoutesConfig;
import io.sluice.dlq.DeadLetters;

/**
 * The console's dead-letter API ({@code /api/dlq...}, docs/console-api.md). Skeleton: the DLQ helper fills it in;
 * {@code ConsoleService} calls {@link #register} once when it builds its routes.
 */
public final class DlqRoutes {
    private DlqRoutes() {}

    public static void register(RoutesConfig routes, DeadLetters deadLetters) {
        routes.get(
                "/api/dlq/bootstrap", ctx -> ctx.json(java.util.Map.of("bootstrap", deadLetters.bootstrapServers())));
    }
}
