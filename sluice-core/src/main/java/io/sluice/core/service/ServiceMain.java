package io.sluice.core.service;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.core.lifecycle.ShutdownSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one registered service alone until SIGTERM, without the launcher: {@code java -cp <class path>
 * io.sluice.core.service.ServiceMain <name> [--config FILE] [key=value ...] [service flags]}, the environment as the service's
 * {@link SluiceService#environment()}. {@code sluice run <name>} does the same through {@link #run}; tests use this
 * to run a service in a child process they can kill.
 */
public final class ServiceMain {
    private static final Logger log = LoggerFactory.getLogger(ServiceMain.class);

    private ServiceMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 0) {
            System.err.println("usage: ServiceMain SERVICE [--config FILE] [key=value ...]; services: "
                    + String.join(", ", ServiceRegistry.load().names()));
            System.exit(2);
        }
        SluiceService service = ServiceRegistry.load().service(args[0]);
        List<String> rest = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        for (String a : Arrays.copyOfRange(args, 1, args.length)) {
            (service.flags().containsKey(a) ? flags : rest).add(a);
        }
        run(
                service,
                Settings.fromArgs(
                                rest.toArray(String[]::new),
                                ServiceRegistry.environment(List.of(service)),
                                System.getenv())
                        .with(flagOverrides(service, flags)),
                Duration.ofSeconds(20));
    }

    /**
     * The keys these flags of {@code service} set ({@link SluiceService#flags()}), as overrides.
     *
     * @throws ConfigException naming a flag the service does not accept, and the ones it does
     */
    public static Map<String, String> flagOverrides(SluiceService service, List<String> flags) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : flags) {
            String key = service.flags().get(f);
            if (key == null) {
                throw new ConfigException("unknown option '" + f + "' for " + service.name() + "; it accepts "
                        + (service.flags().isEmpty()
                                ? "none"
                                : String.join(
                                        ", ", new TreeSet<>(service.flags().keySet()))));
            }
            out.put(key, "true");
        }
        return out;
    }

    /**
     * Starts {@code service} alone ({@link ServiceContext.Mode#RUN}) and blocks until SIGTERM/SIGINT, then stops it
     * within {@code shutdownGrace} (plus its {@code shutdown.timeout_ms}).
     *
     * @param settings every layer, not yet rewritten for the service
     */
    public static void run(SluiceService service, Settings settings, Duration shutdownGrace)
            throws InterruptedException {
        Duration grace =
                settings.millis("shutdown.timeout_ms", Duration.ofSeconds(20)).plus(shutdownGrace);
        ServiceContext context = new ServiceContext(
                ServiceRegistry.settingsFor(service, settings), prometheus(), ServiceContext.Mode.RUN, Path.of("data"));
        try (ShutdownSignal signal = ShutdownSignal.install(grace);
                RunningService running = service.start(context)) {
            List<String> banner = running.banner();
            log.info("{} ready on http://localhost:{} ({})", service.name(), running.port(), String.join("; ", banner));
            signal.await();
        }
    }

    /** A Prometheus registry with JVM and process metrics bound: what one service's {@code /metrics} serves. */
    @SuppressWarnings("resource") // JvmGcMetrics lives as long as the process
    public static PrometheusMeterRegistry prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }
}
