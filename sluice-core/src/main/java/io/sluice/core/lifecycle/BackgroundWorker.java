package io.sluice.core.lifecycle;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loop on a thread of its own for work that is not a Kafka consumer (a projection, a listener, an index builder):
 * it runs a {@link Task} round after round, waits between rounds as long as the task asks unless {@link #wake()}
 * cuts the wait short, and backs off exponentially (with jitter) while rounds fail. It never gives up: a failure is
 * reported to {@link Task#failed} and the round is tried again.
 *
 * <p>Thread-safety: {@link #wake()}, {@link #isOpen()} and {@link #close()} may be called from any thread; the task
 * runs on the worker's thread only. {@link #start()} starts the thread (the constructor does not).
 */
public final class BackgroundWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackgroundWorker.class);

    /** The work of one round. */
    public interface Task {
        /**
         * Does one round of work on the worker's thread.
         *
         * @return how long to wait before the next round; {@link Duration#ZERO} for at once (more work is waiting)
         * @throws Exception a failure: the worker calls {@link #failed}, waits the backoff, and runs a round again
         */
        Duration runOnce() throws Exception;

        /**
         * A round failed (not called once the worker is closing). Log here, once per outage rather than per round.
         *
         * @param backoff how long the worker now waits before the next round
         */
        void failed(Exception e, Duration backoff);
    }

    private final Object signal = new Object();
    private final Task task;
    private final ExponentialBackoff backoff;
    private final Duration joinTimeout;
    private final Thread thread;
    private volatile boolean open = true;
    private boolean woken; // guarded by signal

    /**
     * @param name the thread's name
     * @param initialBackoff the wait after a first failure, doubled per failure up to {@code maxBackoff}
     * @param joinTimeout how long {@link #close()} waits for the round in hand to end
     */
    public BackgroundWorker(
            String name, Duration initialBackoff, Duration maxBackoff, Duration joinTimeout, Task task) {
        this.task = Objects.requireNonNull(task, "task");
        this.backoff = new ExponentialBackoff(initialBackoff, maxBackoff);
        this.joinTimeout = joinTimeout;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public BackgroundWorker start() {
        thread.start();
        return this;
    }

    /** Ends the current wait (a pause between rounds or a backoff) so that the next round runs now. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** False once {@link #close()} was called: a long round should return (or throw) soon. */
    public boolean isOpen() {
        return open;
    }

    /**
     * Progress within a long round (a connection established, a batch written): a later failure of the same round
     * backs off from the initial delay again. Call on the worker's thread.
     */
    public void succeeded() {
        backoff.reset();
    }

    private void run() {
        while (open) {
            Duration wait;
            try {
                wait = task.runOnce();
                backoff.reset();
            } catch (Exception e) {
                if (!open) {
                    return;
                }
                wait = backoff.next();
                try {
                    task.failed(e, wait);
                } catch (RuntimeException bug) {
                    log.error("{}: failure handler failed", thread.getName(), bug);
                }
            }
            pause(wait);
        }
    }

    private void pause(Duration wait) {
        synchronized (signal) {
            long deadline = System.nanoTime() + wait.toNanos();
            while (open && !woken) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    signal.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    open = false;
                }
            }
            woken = false;
        }
    }

    /** Stops after the round in hand, waiting for it up to the join timeout. */
    @Override
    public void close() {
        open = false;
        wake();
        if (Thread.currentThread() == thread || !thread.isAlive()) {
            return;
        }
        try {
            thread.join(joinTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
