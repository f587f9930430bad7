package io.sluice.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short fault run, in the normal test command: 20,000 records (1% invalid), the writer SIGKILLed twice,
 * PostgreSQL and the broker restarted once each; then nothing lost, nothing duplicated, every invalid record
 * dead-lettered. The long run is {@code ./sluice chaos text-writer}. In the app's tests because the writer runs as
 * {@code ServiceMain text-writer} on this JVM's class path, where the app puts the services.
 */
class TextWriterChaosIT {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void a_writer_killed_twice_through_a_database_and_a_broker_restart_stores_every_valid_record_once()
            throws InterruptedException {
        long seed = System.nanoTime();
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text, true);

        ChaosReport report = new TextWriterChaos(ChaosPlan.shortRun(seed), out).run();
        report.print(out);
        System.out.print(text);

        assertThat(report.failed())
                .as(
                        "failed checks (replay: sluice chaos text-writer --messages 20000 --kills 2 --partitions 3 --rate 500 --seed %d):%n%s",
                        seed, text)
                .isZero();
        assertThat(report.checks()).hasSizeGreaterThanOrEqualTo(8);
    }
}
