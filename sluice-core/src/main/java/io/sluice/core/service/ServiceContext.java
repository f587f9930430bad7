package io.sluice.core.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.config.Settings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@link SluiceService} starts with.
 *
 * @param settings the service's configuration: every layer, with {@code services.<name>.*} already rewritten onto
 *     the service's own keys ({@link SluiceService#legacyKey}), and the addresses of the infrastructure {@code up}
 *     embedded ({@code kafka.bootstrap_servers}, {@code database.host}, …)
 * @param registry the service's own metrics registry, which its {@code /metrics} serves
 * @param mode whether it runs inside {@code sluice up} or alone
 * @param dataDir where a service keeps local files in {@code up} ({@code data/<service>/…}); for {@code run}, the
 *     working directory's {@code data}
 */
public record ServiceContext(Settings settings, PrometheusMeterRegistry registry, Mode mode, Path dataDir) {

    public enum Mode {
        /** Inside {@code sluice up}, beside other services and embedded infrastructure. */
        UP,
        /** Alone ({@code sluice run <name>}, a container): the production shape. */
        RUN
    }

    public ServiceContext {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(dataDir, "dataDir");
    }

    /**
     * Whether {@code up} was asked to put every service on a free port ({@code http.port=0}, what the tests do), so
     * a service with its own port key picks a free one too.
     */
    public boolean freePorts() {
        return mode == Mode.UP && "0".equals(settings.string("http.port", ""));
    }

    /**
     * Whether a service whose port is not configured should take a free port instead of {@code defaultPort}: in
     * {@code up} when every service is asked to ({@link #freePorts()}) or when {@code defaultPort} is taken (the
     * banner then shows the port it got). Alone, a service keeps its port and fails loudly if it is taken.
     */
    public boolean useFreePort(int defaultPort) {
        return freePorts() || (mode == Mode.UP && !isFree(defaultPort));
    }

    private static boolean isFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress(port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
