package io.sluice.core.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocks a main thread until SIGTERM/SIGINT (or {@link #trigger()}), and holds JVM exit until the main thread has
 * closed its resources, for at most the grace period.
 *
 * <pre>{@code
 * try (var signal = ShutdownSignal.install(Duration.ofSeconds(30)); var app = start()) {
 *     signal.await();
 * } // resources close in reverse order, then the JVM may exit
 * }</pre>
 */
public final class ShutdownSignal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShutdownSignal.class);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownSignal(Duration grace) {
        this.hook = new Thread(
                () -> {
                    log.info("shutdown requested; stopping");
                    requested.countDown();
                    try {
                        if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                            log.warn("shutdown did not finish within {}; exiting anyway", grace);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "sluice-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static ShutdownSignal install(Duration grace) {
        return new ShutdownSignal(grace);
    }

    /** Blocks until shutdown is requested. */
    public void await() throws InterruptedException {
        requested.await();
    }

    /** Requests shutdown from inside the process (tests, fatal startup errors). */
    public void trigger() {
        requested.countDown();
    }

    /** Marks the main thread's cleanup as done, releasing the shutdown hook. */
    @Override
    public void close() {
        finished.countDown();
        requested.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running and now sees `finished`.
        }
    }
}
