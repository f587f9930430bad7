package io.sluice.bench.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bench.ServerOptions;
import io.sluice.bench.chaos.ChaosReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short activity fault run, in the normal test command: clients sending through the ingestion API for 24 s, the
 * broker stopped for 8 s, the processor SIGKILLed twice (once while the broker is away); then every event answered 202
 * is stored exactly once. The long run is {@code ./sluice chaos activity}. In the app's tests because the processor
 * runs as {@code ServiceMain activity-processor} on this JVM's class path, where the app puts the services.
 */
class ActivityChaosIT {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void every_event_answered_202_is_stored_once_through_a_broker_outage_and_two_processor_kills()
            throws InterruptedException {
        long seed = System.nanoTime();
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text, true);

        ChaosReport report = new ActivityChaos(ActivityChaos.Plan.shortRun(seed), ServerOptions.embedded(), out).run();
        report.print(out);
        System.out.print(text);

        assertThat(report.failed())
                .as(
                        "failed checks (replay: sluice chaos activity --seconds 24 --outage 8 --kills 2 --clients 4"
                                + " --rate 400 --seed %d):%n%s",
                        seed, text)
                .isZero();
        assertThat(report.checks()).hasSize(9);
    }
}
