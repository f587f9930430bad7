package io.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@ExtendWith(Postgres.class)
class ShopDemoCommandIT {

    private static TestDatabase shop() throws IOException {
        TestDatabase db = Postgres.freshDatabase("shop");
        try (InputStream in = ShopDemoCommandIT.class.getResourceAsStream("/db/contracts/shop/V1__shop.sql")) {
            db.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return db;
    }

    private static int run(StringWriter out, StringWriter err, TestDatabase db, String... args) {
        CommandLine cl = new CommandLine(new DemoCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 5];
        all[0] = "shop";
        all[1] = "--port=" + db.port();
        all[2] = "--database=" + db.name();
        all[3] = "--host=" + db.host();
        all[4] = "--user=" + db.user();
        System.arraycopy(args, 0, all, 5, args.length);
        return cl.execute(all);
    }

    @Test
    void writes_every_kind_of_change_at_the_rate_and_keeps_order_totals_equal_to_their_items() throws IOException {
        TestDatabase db = shop();
        StringWriter out = new StringWriter();
        int exit = run(out, new StringWriter(), db, "--rate", "300", "--duration", "2s");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("Done: 600 steps")
                .contains("new orders")
                .contains("deleted products");
        assertThat(db.count("SELECT count(*) FROM products")).isPositive();
        assertThat(db.count("SELECT count(*) FROM orders")).isPositive();
        assertThat(db.count("SELECT count(*) FROM orders WHERE status = 'cancelled'"))
                .isPositive();
        assertThat(db.count("SELECT count(*) FROM orders WHERE status <> 'pending'"))
                .isPositive();
        assertThat(db.count("SELECT count(*) FROM orders o WHERE o.total_amount <> (SELECT coalesce(sum(price *"
                        + " quantity), 0) FROM order_items i WHERE i.order_id = o.id)"))
                .as("totals match items")
                .isZero();
        assertThat(db.count("SELECT count(*) FROM products WHERE price IN (29.99, 1299.99, 19.99, 0.29, 4.35)"))
                .isPositive();
    }

    @Test
    void verbose_prints_each_step() throws IOException {
        TestDatabase db = shop();
        StringWriter out = new StringWriter();
        assertThat(run(out, new StringWriter(), db, "--rate", "50", "--duration", "200ms", "-v"))
                .isZero();
        assertThat(out.toString().lines().filter(l -> l.startsWith("  ") && !l.contains("  new ")))
                .hasSizeGreaterThanOrEqualTo(10);
        assertThat(out.toString()).contains("Done: 10 steps");
    }

    @Test
    void a_database_without_the_shop_tables_is_refused_with_what_to_do() {
        TestDatabase db = Postgres.freshDatabase("empty");
        StringWriter err = new StringWriter();
        int exit = run(new StringWriter(), err, db, "--duration", "1s");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("has no shop tables (products, orders, order_items): start `sluice up`");
    }
}
