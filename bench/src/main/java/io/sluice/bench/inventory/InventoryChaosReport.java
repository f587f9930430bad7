package io.sluice.bench.inventory;

import io.sluice.bench.Format;
import io.sluice.bench.chaos.ChaosReport.Check;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What the inventory fault run checked: the run's own checks (traffic, faults, progress, shutdown), then one check
 * per product (its stock as the service shows it equals the SQL definition) and one per deleted product (not
 * shown). Passing products are printed as one line, failing ones one by one (the first {@value #SHOWN}); the last
 * line is {@code N passed, M failed}, counting every check.
 */
public record InventoryChaosReport(List<Check> run, int productsPassed, int deletedPassed, List<String> failures) {
    private static final int SHOWN = 50;

    public InventoryChaosReport {
        run = List.copyOf(run);
        failures = List.copyOf(failures);
    }

    /** Compares what the service shows with what SQL computes. */
    static InventoryChaosReport of(
            List<Check> run, Map<Long, Long> expected, Map<Long, Long> shown, Map<Long, OptionalLong> deletedShown) {
        List<String> failures = new ArrayList<>();
        int products = 0;
        for (Map.Entry<Long, Long> e : new TreeMap<>(expected).entrySet()) {
            Long got = shown.get(e.getKey());
            if (e.getValue().equals(got)) {
                products++;
            } else {
                failures.add("product " + e.getKey() + ": stock " + (got == null ? "not shown" : got)
                        + ", the SQL definition over shop gives " + e.getValue());
            }
        }
        int deleted = 0;
        for (Map.Entry<Long, OptionalLong> e : new TreeMap<>(deletedShown).entrySet()) {
            if (e.getValue().isEmpty() && !shown.containsKey(e.getKey())) {
                deleted++;
            } else {
                failures.add("deleted product " + e.getKey() + " is still shown (stock "
                        + (e.getValue().isPresent() ? e.getValue().getAsLong() : shown.get(e.getKey())) + ")");
            }
        }
        return new InventoryChaosReport(run, products, deleted, failures);
    }

    public long failed() {
        return run.stream().filter(c -> !c.passed()).count() + failures.size();
    }

    public long passedCount() {
        return run.stream().filter(Check::passed).count() + productsPassed + deletedPassed;
    }

    public boolean passed() {
        return failed() == 0;
    }

    public void print(PrintWriter out) {
        for (Check c : run) {
            out.printf("%s %s%n", c.passed() ? "PASS" : "FAIL", c.description());
        }
        out.printf(
                "PASS stock of %s products equals the SQL definition over shop (stock_quantity as last changed minus"
                        + " the order items committed after that change)%n",
                Format.count(productsPassed));
        out.printf("PASS %s deleted products are not shown%n", Format.count(deletedPassed));
        failures.stream().limit(SHOWN).forEach(f -> out.printf("FAIL %s%n", f));
        if (failures.size() > SHOWN) {
            out.printf("FAIL ... and %s more%n", Format.count(failures.size() - SHOWN));
        }
        out.printf("%d passed, %d failed%n", passedCount(), failed());
        out.flush();
    }
}
