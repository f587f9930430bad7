package io.sluice.bench.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bench.chaos.ChaosReport.Check;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class InventoryChaosReportTest {

    @Test
    void every_product_and_every_deleted_product_counts_as_a_check_and_failures_are_named() {
        InventoryChaosReport report = InventoryChaosReport.of(
                List.of(new Check(true, "traffic: fine"), new Check(false, "faults: 0 SIGKILLs (planned 1)")),
                Map.of(1L, 10L, 2L, -3L, 3L, 7L),
                Map.of(1L, 10L, 2L, -1L, 5L, 4L),
                Map.of(4L, OptionalLong.empty(), 5L, OptionalLong.of(4)));

        StringWriter text = new StringWriter();
        report.print(new PrintWriter(text, true));

        assertThat(report.productsPassed()).isEqualTo(1);
        assertThat(report.deletedPassed()).isEqualTo(1);
        assertThat(report.passed()).isFalse();
        assertThat(text.toString())
                .contains(
                        "PASS traffic: fine",
                        "FAIL faults: 0 SIGKILLs (planned 1)",
                        "PASS stock of 1 products equals the SQL definition",
                        "PASS 1 deleted products are not shown",
                        "FAIL product 2: stock -1, the SQL definition over shop gives -3",
                        "FAIL product 3: stock not shown, the SQL definition over shop gives 7",
                        "FAIL deleted product 5 is still shown (stock 4)")
                .endsWith("3 passed, 4 failed\n");
    }

    @Test
    void a_clean_run_passes() {
        InventoryChaosReport report = InventoryChaosReport.of(
                List.of(new Check(true, "traffic: fine")),
                Map.of(1L, 10L),
                Map.of(1L, 10L),
                Map.of(2L, OptionalLong.empty()));

        assertThat(report.passed()).isTrue();
        assertThat(report.passedCount()).isEqualTo(3);
    }
}
