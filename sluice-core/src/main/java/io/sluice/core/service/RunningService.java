package io.sluice.core.service;

import io.sluice.core.health.Health;
import java.util.List;
import java.util.function.Supplier;

/**
 * A started {@link SluiceService}. {@link #close()} stops it cleanly (HTTP first, then its consumers, which store
 * the batch in hand, then its pools) and does not throw. Thread-safe.
 */
public interface RunningService extends AutoCloseable {

    /** The HTTP port it listens on, or -1 if it serves none. */
    int port();

    /**
     * What the banner of {@code up} shows after the service's title and URL: the first line beside them, the others
     * indented below (topics, stores, the main routes). {@code run} logs the first line.
     */
    List<String> banner();

    /** Commands to try, for the banner's "Try, in another terminal" (may be empty). */
    default List<String> hints() {
        return List.of();
    }

    /** The service's health, as its {@code /health} reports it. */
    Health health();

    @Override
    void close();

    /** A running service made of its parts; {@code close} runs {@code stop}, logging what it throws. */
    static RunningService of(
            int port, List<String> banner, List<String> hints, Supplier<Health> health, AutoCloseable stop) {
        List<String> b = List.copyOf(banner);
        List<String> h = List.copyOf(hints);
        return new RunningService() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public List<String> banner() {
                return b;
            }

            @Override
            public List<String> hints() {
                return h;
            }

            @Override
            public Health health() {
                return health.get();
            }

            @Override
            public void close() {
                try {
                    stop.close();
                } catch (Exception e) {
                    org.slf4j.LoggerFactory.getLogger(RunningService.class)
                            .warn("stopping a service failed: {}", e.toString());
                }
            }
        };
    }
}
