package io.sluice.app;

import com.sun.net.httpserver.HttpServer;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthStatus;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.SluiceService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service that exists only in sluice-app's tests, registered like any other (src/test/resources/META-INF/services):
 * proof that {@code up}, {@code run}, the banner and {@code run --help} come from the registry. It needs no
 * infrastructure, answers {@code GET /} with its greeting, and reads {@code services.throwaway.greeting} and
 * {@code services.throwaway.http.port} (env {@code THROWAWAY_GREETING}).
 */
public final class ThrowawayService implements SluiceService {

    @Override
    public String name() {
        return "throwaway";
    }

    @Override
    public String title() {
        return "Throwaway";
    }

    @Override
    public String description() {
        return "a test service registered only in sluice-app's tests";
    }

    @Override
    public Set<String> requires() {
        return Set.of();
    }

    @Override
    public int order() {
        return 1000;
    }

    @Override
    public Map<String, String> environment() {
        return Map.of("THROWAWAY_GREETING", "services.throwaway.greeting");
    }

    @Override
    public RunningService start(ServiceContext context) {
        String greeting = context.settings().string("services.throwaway.greeting", "hello from the registry");
        int port = context.settings().integer("services.throwaway.http.port", 0, 0, 65535);
        String bind = context.settings().string("http.bind_address", "0.0.0.0");
        HttpServer server;
        try {
            // as the real services read it (HttpServerConfig.bindAddress): up's default, else every interface
            server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = greeting.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return RunningService.of(
                server.getAddress().getPort(),
                List.of("greeting '" + greeting + "'", "bound to " + bind),
                List.of(),
                () -> new Health(HealthStatus.UP, Map.of("greeting", greeting)),
                () -> server.stop(0));
    }
}
