package io.sluice.bench.chaos;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.chaos.FaultSchedule.Fault;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The faults of a run, against its embedded servers and its writer process: SIGKILL and restart the writer, stop
 * PostgreSQL or the broker for {@link #OUTAGE} and start it again. Keeps the current writer and counts what it did.
 * Called from the run's thread; {@link #killWriter()} also from a shutdown hook.
 */
final class FaultInjector {
    /** How long a stopped server stays down: long enough that the writer's writes and polls fail and retry. */
    static final Duration OUTAGE = Duration.ofSeconds(2);

    private final BenchEnvironment env;
    private final Map<String, String> writerSettings;
    private final Timeline timeline;
    private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
    private volatile WriterProcess writer;
    private int incarnations;
    private int unexpectedExits;

    FaultInjector(BenchEnvironment env, Map<String, String> writerSettings, Timeline timeline) {
        this.env = env;
        this.writerSettings = writerSettings;
        this.timeline = timeline;
    }

    void startWriter() {
        writer = WriterProcess.start(++incarnations, writerSettings, env.directory());
        timeline.event("started writer #%d (pid %d)", writer.incarnation(), writer.pid());
    }

    WriterProcess writer() {
        return writer;
    }

    /** Restarts the writer if it exited without being told to; returns whether it had. */
    boolean restartIfExited() {
        if (writer.isAlive()) {
            return false;
        }
        unexpectedExits++;
        timeline.event(
                "writer #%d exited by itself (code %d); see %s",
                writer.incarnation(), writer.exitValue(), writer.log());
        startWriter();
        return true;
    }

    void inject(Fault fault) throws InterruptedException {
        switch (fault) {
            case KILL -> {
                writer.kill();
                timeline.event("killed writer #%d (pid %d) with SIGKILL", writer.incarnation(), writer.pid());
                startWriter();
            }
            case POSTGRES_RESTART -> {
                var postgres = env.postgres().orElseThrow();
                postgres.stop();
                Thread.sleep(OUTAGE.toMillis()); // the outage the writer must ride out
                postgres.start();
                timeline.event("PostgreSQL back after a %d s outage", OUTAGE.toSeconds());
            }
            case BROKER_RESTART -> {
                var kafka = env.kafka().orElseThrow();
                kafka.stop();
                Thread.sleep(OUTAGE.toMillis()); // the outage the writer must ride out
                kafka.start();
                timeline.event("Kafka broker back after a %d s outage", OUTAGE.toSeconds());
            }
        }
        injected.merge(fault, 1, Integer::sum);
    }

    /** SIGTERM to the current writer; returns its exit code (-1 if it had to be killed). */
    int stopWriter(Duration grace) throws InterruptedException {
        int exit = writer.stop(grace);
        timeline.event("stopped writer #%d with SIGTERM (exit code %d)", writer.incarnation(), exit);
        return exit;
    }

    /** SIGKILL to the current writer if it runs; for cleanup. */
    void killWriter() {
        WriterProcess w = writer;
        if (w != null && w.isAlive()) {
            try {
                w.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    int injected(Fault fault) {
        return injected.getOrDefault(fault, 0);
    }

    int incarnations() {
        return incarnations;
    }

    int unexpectedExits() {
        return unexpectedExits;
    }
}
