package io.sluice.bench.chaos;

import java.io.PrintWriter;
import java.util.List;

/** The checks of a fault run, printed one per line as {@code PASS ...}/{@code FAIL ...}, then a summary line. */
public record ChaosReport(List<Check> checks) {

    /** One verified property and what was found. */
    public record Check(boolean passed, String description) {
        static Check of(boolean passed, String description) {
            return new Check(passed, description);
        }
    }

    public ChaosReport {
        checks = List.copyOf(checks);
    }

    public long failed() {
        return checks.stream().filter(c -> !c.passed()).count();
    }

    public boolean passed() {
        return failed() == 0;
    }

    /** Prints every check and, last, {@code N passed, M failed}. */
    public void print(PrintWriter out) {
        for (Check c : checks) {
            out.printf("%s %s%n", c.passed() ? "PASS" : "FAIL", c.description());
        }
        out.printf("%d passed, %d failed%n", checks.size() - failed(), failed());
        out.flush();
    }
}
