package io.sluice.core.service;

import io.sluice.core.config.Settings;
import java.util.Map;
import java.util.Set;

/**
 * A service Sluice can run, found with {@link java.util.ServiceLoader}: a service module registers its
 * implementation in {@code META-INF/services/io.sluice.core.service.SluiceService}, and {@code sluice up}, {@code
 * sluice run <name>}, the banner, {@code run --help} and configuration loading derive from the registry
 * ({@link ServiceRegistry}). Nothing else in the launcher names a service.
 *
 * <p><b>Configuration namespace</b> (docs/adr/0007-service-registry-and-config-namespaces.md). A service's own keys
 * are {@code services.<name>.<key>}; the root holds what services share ({@code kafka.bootstrap_servers},
 * {@code database.*}, {@code http.host}, …) and, for the services that predate the rule, their older keys (the
 * text writer's original-style {@code kafka.*}/{@code http.*}, request events' {@code events.*}, …).
 * {@link #legacyKey} says where a namespaced key lived before; the registry rewrites {@code services.<name>.<key>}
 * onto it before the service reads its settings, so both spellings work and errors name the key the user wrote.
 *
 * <p>Implementations are stateless and cheap to construct (the registry instantiates every one to build
 * {@code --help}); all work happens in {@link #start}.
 */
public interface SluiceService {

    /** What {@code sluice up} embeds when it is not configured externally; see {@link Infrastructure}. */
    String KAFKA = "kafka";

    String POSTGRES = "postgres";

    /**
     * An S3-compatible server; in {@code up} services reach it through {@code aws.endpoint_url_s3} and the static
     * credentials {@code aws.s3_access_key_id}/{@code aws.s3_secret_access_key} (see {@code io.sluice.aws.AwsConfig}).
     */
    String S3 = "s3";

    /** The name used by {@code sluice run <name>} and the {@code services.<name>.*} namespace: lower-case, dashes. */
    String name();

    /** How the banner names it ({@code Text writer}). */
    default String title() {
        return name();
    }

    /** One line for {@code run --help} and the docs. */
    String description();

    /** The infrastructure this service needs ({@link #KAFKA}, {@link #POSTGRES}, …); {@code up} starts only that. */
    Set<String> requires();

    /**
     * Where this service starts in {@code up} relative to the others, lower first (and stops last). A service that
     * reads another's tables starts after it.
     */
    int order();

    /**
     * Environment variables this service reads, and the keys they set (the originals' variables, e.g. {@code
     * KAFKA_BOOTSTRAP_SERVERS} to {@code kafka.bootstrap_servers}). In {@code up}, where two services read the same
     * variable, the one that starts first gives it its meaning.
     */
    Map<String, String> environment();

    /**
     * Command-line flags this service accepts after its name ({@code sluice run <name> --flag}, {@link ServiceMain}),
     * each the key it sets to {@code true}: the originals' flags (e.g. the processing service's {@code
     * --read-from-beginning} to {@code services.activity-processor.read_from_beginning}). An override, as
     * {@code --set} is. None by default.
     */
    default Map<String, String> flags() {
        return Map.of();
    }

    /**
     * The key that {@code services.<name>.<key>} is read as, for a service whose keys predate the namespace rule; by
     * default the namespaced key itself, so a new service reads {@code services.<name>.*} (see {@link
     * io.sluice.core.config.Settings#section(String)}) and shared keys at the root.
     *
     * @param key the part after {@code services.<name>.}
     */
    default String legacyKey(String key) {
        return "services." + name() + "." + key;
    }

    /**
     * What the service reads and writes under these settings (its topics, consumer groups, stores and sources), for
     * the console's pipeline graph; {@link Flow#NONE} by default. Cheap and side-effect free: it reads configuration
     * only, and must not throw for a configuration {@link #start} would accept.
     *
     * @param settings the service's settings as {@link #start} receives them ({@link ServiceRegistry#settingsFor})
     */
    default Flow flow(Settings settings) {
        return Flow.NONE;
    }

    /**
     * Starts the service: connects, migrates, starts its loops and its HTTP server. Returns once it serves; throws
     * (having released what it started) if it cannot start.
     */
    RunningService start(ServiceContext context);
}
