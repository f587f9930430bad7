package io.sluice.bench.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.ExternalServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The processor benchmark end to end at a tiny size, against the testkit's servers as external ones: the processor
 * (found through the registry, on the app's class path) stores exactly every event, the raw baseline copies them all,
 * and the run ends with the ratio.
 */
class ProcessorBenchIT {
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text, true);

    @Test
    void the_processor_and_the_raw_copy_both_take_every_event_and_the_run_ends_with_the_ratio() throws Exception {
        ProcessorBench.Result result;
        try (BenchEnvironment env = BenchEnvironment.start(ExternalServers.testkit())) {
            result = ProcessorBench.run(env, 2_000, 7, out);
        }
        result.print(out);
        System.out.print(text);

        assertThat(result.storedExactly()).as(text.toString()).isTrue();
        assertThat(result.ratio()).isPositive();
        assertThat(text.toString())
                .contains(
                        "produce: 2,000 events in",
                        "activity processor: 2,000 events in",
                        "stored exactly every event",
                        "raw consume-and-COPY: 2,000 events in");
        String[] lines = text.toString().strip().split("\n");
        assertThat(lines[lines.length - 1])
                .matches("processor_ratio_vs_copy=\\d+\\.\\d\\d  \\(target >= 0.5: (met|NOT met)\\)");
    }
}
