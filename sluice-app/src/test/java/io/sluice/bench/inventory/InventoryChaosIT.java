package io.sluice.bench.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bench.ExternalServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short inventory fault run, in the normal test command: the CDC source captures 20 s of demo shop traffic while
 * the inventory process is SIGKILLed once; then every product's stock equals the SQL definition over shop and
 * deleted products are hidden. The long run is {@code ./sluice chaos inventory}. In the app's tests because the
 * service runs as {@code ServiceMain inventory} on this JVM's class path, where the app puts the services.
 */
class InventoryChaosIT {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void an_inventory_killed_mid_traffic_ends_with_every_products_stock_as_sql_computes_it()
            throws InterruptedException {
        long seed = System.nanoTime();
        String prefix = "chaos_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text, true);

        InventoryChaosReport report = new InventoryChaos(
                        new InventoryChaos.Plan(1, 20, 20, prefix, seed, Map.of()), ExternalServers.testkit(), out)
                .run();
        report.print(out);
        System.out.print(text);

        assertThat(report.failed())
                .as(
                        "failed checks (replay: sluice chaos inventory --kills 1 --seconds 20 --rate 20 --seed %d):%n%s",
                        seed, text)
                .isZero();
        assertThat(report.productsPassed()).isPositive();
        assertThat(text.toString()).contains("1 SIGKILLs of the inventory (planned 1)", "passed, 0 failed");
    }
}
