package io.sluice.demo;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice demo shop}: {@link ShopTraffic} at {@code --rate} steps a second for {@code --duration}, then a
 * summary of what it did. Connects to the database {@code up} creates ({@code shop} on 127.0.0.1:5434) unless told
 * otherwise. Exit code 0, or 1 after one {@code Error:} line when the database refuses.
 */
@Command(
        name = "shop",
        mixinStandardHelpOptions = true,
        description = "Write realistic traffic into the shop database: new products, orders (created with total 0,"
                + " then their items, then the total), status changes, price and stock updates, cancellations,"
                + " deleted items and products.")
public final class ShopDemoCommand implements Callable<Integer> {
    @Option(names = "--rate", defaultValue = "10", description = "Steps per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--duration",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long: 30s, 2m, 1h, or ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(
            names = "--host",
            defaultValue = "${env:DATABASE_HOST:-127.0.0.1}",
            description = "(default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "${env:DATABASE_PORT:-5434}", description = "(default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--database", defaultValue = "shop", description = "(default: ${DEFAULT-VALUE})")
    String database;

    @Option(
            names = "--user",
            defaultValue = "${env:DATABASE_USER:-postgres}",
            description = "(default: ${DEFAULT-VALUE})")
    String user;

    @Option(
            names = "--password",
            defaultValue = "${env:DATABASE_PASSWORD:-postgres}",
            description = "(default: the" + " DATABASE_PASSWORD variable, else postgres)")
    String password;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Random seed: the same seed on the same data does the same steps")
    long seed;

    @Option(
            names = {"-v", "--verbose"},
            description = "Print every step, not only the summary")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws SQLException {
        if (rate <= 0 || duration.isNegative() || duration.isZero()) {
            throw new ParameterException(spec.commandLine(), "--rate and --duration must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        Map<ShopAction, Integer> counts = new EnumMap<>(ShopAction.class);
        long steps = Math.max(1, (long) Math.floor(rate * duration.toNanos() / 1e9));
        long interval = (long) (TimeUnit.SECONDS.toNanos(1) / rate);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            requireShopSchema(c, url);
            ShopTraffic traffic = new ShopTraffic(c, seed);
            out.printf("Writing %d steps into %s at %s a second...%n", steps, url, format(rate));
            out.flush();
            long start = System.nanoTime();
            long lastReport = start;
            for (long i = 0; i < steps; i++) {
                long due = start + i * interval;
                for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
                ShopTraffic.Step step = traffic.step();
                counts.merge(step.action(), 1, Integer::sum);
                if (verbose) {
                    out.println("  " + step.description());
                } else if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                    lastReport = System.nanoTime();
                    out.printf("  %d of %d steps%n", i + 1, steps);
                }
                out.flush();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("Done: %d steps in %.1f s (%s a second)%n", steps, seconds, format(steps / seconds));
            for (ShopAction a : ShopAction.values()) {
                out.printf("  %-17s %d%n", a.label(), counts.getOrDefault(a, 0));
            }
        }
        return 0;
    }

    private static void requireShopSchema(Connection c, String url) throws SQLException {
        try (var rs = c.getMetaData().getTables(null, "public", "order_items", null)) {
            if (!rs.next()) {
                throw new IllegalStateException(url + " has no shop tables (products, orders, order_items): start"
                        + " `sluice up` (its cdc-source creates them) or point --database at the shop");
            }
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** {@code 30s}, {@code 2m}, {@code 1h}, {@code 500ms}, or ISO-8601 ({@code PT30S}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.parse(value);
                };
            } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
                try {
                    return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
                } catch (DateTimeParseException e2) {
                    throw new IllegalArgumentException("'" + value + "' is no duration (try 30s, 2m, 1h or PT30S)");
                }
            }
        }
    }
}
