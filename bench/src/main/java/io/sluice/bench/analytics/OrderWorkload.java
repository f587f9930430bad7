package io.sluice.bench.analytics;

import io.sluice.bench.Format;
import io.sluice.bench.inventory.CdcEvents;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The shop's orders and their items as the CDC source publishes them ({@link CdcEvents}: flattened JSON with schemas,
 * amounts as base64 decimals): {@code orders} orders of 1 to 3 items each (prices from 0.50 to 1,500.00, among them
 * 29.99 and 1299.99), created over the last 7 days, and, after each order, with probability {@code changeShare}, a
 * change to an earlier order still alive: a status change (half of the changes), an amount change (a discount, 3 in
 * 10) or a delete of the order and its items (2 in 10, each delete followed by its tombstone, as with {@code
 * delete.handling.mode=rewrite}). Every event carries an LSN one above the previous one.
 *
 * <p>While it generates it keeps what SQL over the source would say afterwards ({@link #expected()}): the number of
 * orders left, the exact sum of their {@code total_amount}, the count by status. Deterministic for a seed. Not
 * thread-safe.
 */
final class OrderWorkload {
    private static final String[] STATUSES = {"pending", "processing", "shipped", "delivered", "cancelled"};
    private static final long WEEK_MICROS = TimeUnit.DAYS.toMicros(7);
    private static final long[] SPECIAL_CENTS = {2_999, 129_999};

    /** What the events are, for the mix line. */
    enum Kind {
        ORDER_CREATED("orders created"),
        ITEM_CREATED("items created"),
        STATUS_CHANGED("status changes"),
        AMOUNT_CHANGED("amount changes"),
        ORDER_DELETED("orders deleted"),
        ITEM_DELETED("items deleted"),
        TOMBSTONE("tombstones");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Receives each event: its table ({@code orders} or {@code order_items}), key and value (null: tombstone). */
    interface Sink {
        void send(String table, byte[] key, byte[] value);
    }

    /** What SQL over the source says once every event is applied. */
    record Expected(long totalOrders, BigDecimal totalRevenue, Map<String, Long> statusCounts) {}

    private final long seed;
    private final int orders;
    private final double changeShare;
    private final long nowMicros;
    private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);

    // Per order (index = id - 1): what the source holds now.
    private final long[] cents;
    private final byte[] status;
    private final long[] customer;
    private final long[] created;
    private final long[] firstItem;
    private final byte[] itemCount;
    private final boolean[] deleted;
    private long lsn = 40_000_000;
    private long events;

    OrderWorkload(long seed, int orders, double changeShare, long nowMillis) {
        if (orders < 1) {
            throw new IllegalArgumentException("orders must be positive, got " + orders);
        }
        if (changeShare < 0 || changeShare > 1) {
            throw new IllegalArgumentException("the share of changes must be between 0 and 1, got " + changeShare);
        }
        this.seed = seed;
        this.orders = orders;
        this.changeShare = changeShare;
        this.nowMicros = TimeUnit.MILLISECONDS.toMicros(nowMillis);
        this.cents = new long[orders];
        this.status = new byte[orders];
        this.customer = new long[orders];
        this.created = new long[orders];
        this.firstItem = new long[orders];
        this.itemCount = new byte[orders];
        this.deleted = new boolean[orders];
    }

    /** Generates every event into {@code sink}, in the source's commit order; call once. */
    void generate(Sink sink) {
        SplittableRandom random = new SplittableRandom(seed);
        int customers = Math.max(1, orders / 5);
        long nextItem = 1;
        for (int i = 0; i < orders; i++) {
            long id = i + 1;
            customer[i] = 1 + random.nextInt(customers);
            created[i] = nowMicros - random.nextLong(WEEK_MICROS);
            firstItem[i] = nextItem;
            itemCount[i] = (byte) (1 + random.nextInt(3));
            long[] itemCents = new long[itemCount[i]];
            int[] quantity = new int[itemCount[i]];
            long total = 0;
            for (int k = 0; k < itemCount[i]; k++) {
                itemCents[k] = random.nextInt(20) == 0
                        ? SPECIAL_CENTS[random.nextInt(SPECIAL_CENTS.length)]
                        : 50 + random.nextLong(150_000 - 50 + 1);
                quantity[k] = 1 + random.nextInt(5);
                total += itemCents[k] * quantity[k];
            }
            cents[i] = total;
            emitOrder(sink, i, 'c', Kind.ORDER_CREATED);
            for (int k = 0; k < itemCount[i]; k++) {
                CdcEvents.Item item = new CdcEvents.Item(
                        nextItem++,
                        id,
                        1 + random.nextInt(1_000),
                        quantity[k],
                        BigDecimal.valueOf(itemCents[k], 2),
                        created[i]);
                sink.send("order_items", CdcEvents.itemKey(item.id()), CdcEvents.itemValue(item, source('c')));
                count(Kind.ITEM_CREATED);
            }
            if (i > 0 && random.nextDouble() < changeShare) {
                change(sink, random, random.nextInt(i));
            }
        }
    }

    private void change(Sink sink, SplittableRandom random, int i) {
        if (deleted[i]) {
            return;
        }
        int pick = random.nextInt(10);
        if (pick < 5) {
            status[i] = (byte) (1 + random.nextInt(STATUSES.length - 1));
            emitOrder(sink, i, 'u', Kind.STATUS_CHANGED);
        } else if (pick < 8) {
            // A discount of 1 to 30 %, rounded down to the cent: the amount is no longer the sum of the items.
            cents[i] = cents[i] * (100 - 1 - random.nextInt(30)) / 100;
            emitOrder(sink, i, 'u', Kind.AMOUNT_CHANGED);
        } else {
            for (int k = 0; k < itemCount[i]; k++) {
                long item = firstItem[i] + k;
                // The delete's image needs only the id for the analytics; the rest is a plausible row.
                CdcEvents.Item image = new CdcEvents.Item(item, i + 1, 1, 1, BigDecimal.valueOf(100, 2), created[i]);
                byte[] key = CdcEvents.itemKey(item);
                sink.send("order_items", key, CdcEvents.itemValue(image, source('d')));
                sink.send("order_items", key, null);
                count(Kind.ITEM_DELETED);
                count(Kind.TOMBSTONE);
            }
            emitOrder(sink, i, 'd', Kind.ORDER_DELETED);
            sink.send("orders", CdcEvents.orderKey(i + 1), null);
            count(Kind.TOMBSTONE);
            deleted[i] = true;
        }
    }

    private void emitOrder(Sink sink, int i, char op, Kind kind) {
        CdcEvents.Order order = new CdcEvents.Order(
                i + 1,
                customer[i],
                BigDecimal.valueOf(cents[i], 2),
                STATUSES[status[i]],
                created[i],
                op == 'c' ? created[i] : nowMicros);
        sink.send("orders", CdcEvents.orderKey(order.id()), CdcEvents.orderValue(order, source(op)));
        count(kind);
    }

    private CdcEvents.Source source(char op) {
        return new CdcEvents.Source(op, TimeUnit.MICROSECONDS.toMillis(nowMicros), ++lsn);
    }

    private void count(Kind kind) {
        counts.merge(kind, 1L, Long::sum);
        events++;
    }

    /** Every event generated so far, tombstones included. */
    long events() {
        return events;
    }

    /** The figures SQL over the source gives after every event. */
    Expected expected() {
        long left = 0;
        long revenue = 0;
        Map<String, Long> statuses = new TreeMap<>();
        for (int i = 0; i < orders; i++) {
            if (!deleted[i]) {
                left++;
                revenue += cents[i];
                statuses.merge(STATUSES[status[i]], 1L, Long::sum);
            }
        }
        return new Expected(left, BigDecimal.valueOf(revenue, 2), statuses);
    }

    /** {@code 100,000 orders created, 199,734 items created, ...}. */
    String describe() {
        return counts.entrySet().stream()
                .map(e -> Format.count(e.getValue()) + " " + e.getKey().label)
                .collect(Collectors.joining(", "));
    }
}
