package io.sluice.app;

import io.sluice.core.config.Settings;
import io.sluice.core.service.Infrastructure;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.ServiceMain;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code sluice up} runs in one process: the infrastructure its services require — each embedded only
 * when the configuration names no external one — then the services, in the registry's start order, each with its
 * own settings view and metrics registry. Closes in reverse start order. It names no service: the
 * {@link ServiceRegistry} says what there is.
 */
final class Platform implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Platform.class);

    /** A line of the banner's infrastructure part. */
    record InfraLine(String title, String address, String description) {}

    /** A started service. */
    record Started(SluiceService service, RunningService running) {}

    /**
     * On a workstation, nothing is reachable from the network unless asked: HTTP binds to loopback unless
     * {@code http.bind_address} (or {@code http.host}) is set. Alone ({@code run}, a container) it binds to every
     * interface.
     */
    static final String UP_BIND_KEY = "http.bind_address";

    static final Map<String, String> UP_DEFAULTS = Map.of(UP_BIND_KEY, "127.0.0.1");

    /**
     * Where a started service's URL is published for the services that start after it ({@code
     * platform.urls.text-writer = http://127.0.0.1:5001}): the console, last, finds every service this way.
     */
    static final String URLS = "platform.urls.";

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, InfraLine> infrastructure = new java.util.TreeMap<>();
    private final Map<String, Started> services = new LinkedHashMap<>();
    private final Set<String> embedded = new LinkedHashSet<>();
    private Settings effective;

    /** Starts every registered service and what it needs. */
    static Platform start(Settings settings, Path dataDir) {
        ServiceRegistry registry = ServiceRegistry.load();
        return start(registry, registry.services(), settings, dataDir);
    }

    /**
     * Starts these services (in the registry's order) and the infrastructure they require.
     *
     * @param dataDir where embedded servers ({@code kafka/}, {@code postgres/}) and services keep their data
     */
    static Platform start(ServiceRegistry registry, List<SluiceService> services, Settings settings, Path dataDir) {
        Platform p = new Platform();
        try {
            p.startAll(registry, services, settings, dataDir);
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void startAll(ServiceRegistry registry, List<SluiceService> toStart, Settings settings, Path dataDir) {
        Set<String> needed = new LinkedHashSet<>();
        toStart.forEach(s -> needed.addAll(s.requires()));
        Map<String, String> resolved = new HashMap<>();
        List<CompletableFuture<Infrastructure.Running>> starting = new ArrayList<>();
        for (String name : needed) {
            Infrastructure infra = registry.infrastructure(name);
            if (infra.isExternal(settings)) {
                infrastructure.put(name, new InfraLine(infra.title(), infra.address(settings), "external"));
                continue;
            }
            embedded.add(name);
            starting.add(CompletableFuture.supplyAsync(() -> infra.start(settings, dataDir))
                    .thenApply(running -> {
                        synchronized (this) {
                            started.push(running);
                            infrastructure.put(
                                    name, new InfraLine(infra.title(), running.address(), running.description()));
                            resolved.putAll(running.settings());
                        }
                        return running;
                    }));
        }
        try {
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        synchronized (this) {
            effective = settings.with(resolved);
        }
        for (SluiceService service : registry.services()) {
            if (!toStart.contains(service)) {
                continue;
            }
            ServiceContext context = new ServiceContext(
                    ServiceRegistry.settingsFor(service, effective).withDefaults(UP_DEFAULTS),
                    ServiceMain.prometheus(),
                    ServiceContext.Mode.UP,
                    dataDir);
            RunningService running = service.start(context);
            started.push(running);
            services.put(service.name(), new Started(service, running));
            if (running.port() >= 0) {
                synchronized (this) {
                    effective = effective.with(Map.of(URLS + service.name(), urlOf(running.port())));
                }
            }
        }
    }

    private String urlOf(int port) {
        String host = effective.string(UP_BIND_KEY, "127.0.0.1").trim();
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port;
    }

    /** The settings the services were started with, including the embedded servers' addresses. */
    Settings settings() {
        return effective;
    }

    /** Whether {@code up} runs this infrastructure ({@code kafka}, {@code postgres}) itself. */
    boolean embeds(String infrastructure) {
        return embedded.contains(infrastructure);
    }

    List<InfraLine> infrastructure() {
        return List.copyOf(infrastructure.values());
    }

    List<Started> services() {
        return List.copyOf(services.values());
    }

    /** The HTTP port of a started service. */
    int port(String service) {
        Started s = services.get(service);
        if (s == null) {
            throw new IllegalArgumentException("service " + service + " is not running; running: " + services.keySet());
        }
        return s.running().port();
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
