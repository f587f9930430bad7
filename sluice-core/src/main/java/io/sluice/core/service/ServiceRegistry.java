package io.sluice.core.service;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * The services and infrastructure on the class path ({@link ServiceLoader}), in start order. Immutable and
 * thread-safe.
 */
public final class ServiceRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final List<SluiceService> services;
    private final List<Infrastructure> infrastructure;

    ServiceRegistry(List<SluiceService> services, List<Infrastructure> infrastructure) {
        this.services = services.stream()
                .sorted(Comparator.comparingInt(SluiceService::order).thenComparing(SluiceService::name))
                .toList();
        this.infrastructure = List.copyOf(infrastructure);
        Map<String, SluiceService> seen = new HashMap<>();
        for (SluiceService s : this.services) {
            if (!NAME.matcher(s.name()).matches()) {
                throw new IllegalStateException(s.getClass().getName() + " has an invalid service name '" + s.name()
                        + "' (lower-case, dashes)");
            }
            SluiceService other = seen.putIfAbsent(s.name(), s);
            if (other != null) {
                throw new IllegalStateException("two services are named '" + s.name() + "': "
                        + other.getClass().getName() + " and " + s.getClass().getName());
            }
        }
    }

    /** What the class loader of this class finds. */
    public static ServiceRegistry load() {
        ClassLoader loader = ServiceRegistry.class.getClassLoader();
        return new ServiceRegistry(
                ServiceLoader.load(SluiceService.class, loader).stream()
                        .map(ServiceLoader.Provider::get)
                        .toList(),
                ServiceLoader.load(Infrastructure.class, loader).stream()
                        .map(ServiceLoader.Provider::get)
                        .toList());
    }

    /** Every service, in start order. */
    public List<SluiceService> services() {
        return services;
    }

    public List<String> names() {
        return services.stream().map(SluiceService::name).toList();
    }

    /**
     * The service of this name.
     *
     * @throws ConfigException naming the known services when there is none
     */
    public SluiceService service(String name) {
        return services.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() ->
                        new ConfigException("unknown service '" + name + "'; known: " + String.join(", ", names())));
    }

    /**
     * The infrastructure of this name.
     *
     * @throws IllegalStateException when a service requires something nothing provides
     */
    public Infrastructure infrastructure(String name) {
        return infrastructure.stream()
                .filter(i -> i.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no embedded '" + name + "' on the class path"));
    }

    /**
     * Environment variables every service reads: {@code SLUICE_API_TOKEN} guards control routes (sluice-http), the
     * Kafka client security ones ({@link io.sluice.core.kafka.KafkaSecurity#ENVIRONMENT}).
     */
    public static final Map<String, String> PLATFORM_ENVIRONMENT = platformEnvironment();

    private static Map<String, String> platformEnvironment() {
        Map<String, String> env = new HashMap<>(io.sluice.core.kafka.KafkaSecurity.ENVIRONMENT);
        env.put("SLUICE_API_TOKEN", "http.api_token");
        return Map.copyOf(env);
    }

    /**
     * The environment variables of these services, and the platform's ({@link #PLATFORM_ENVIRONMENT}); where two
     * read the same variable, the first one's meaning.
     */
    public static Map<String, String> environment(List<SluiceService> services) {
        Map<String, String> env = new HashMap<>(PLATFORM_ENVIRONMENT);
        services.forEach(s -> s.environment().forEach(env::putIfAbsent));
        return Map.copyOf(env);
    }

    /** The settings {@code service} reads: {@code services.<name>.*} rewritten onto its own keys. */
    public static Settings settingsFor(SluiceService service, Settings settings) {
        return settings.rewrite("services." + service.name(), service::legacyKey);
    }
}
