package io.sluice.bench.inventory;

import io.sluice.bench.inventory.CdcEvents.Item;
import io.sluice.bench.inventory.CdcEvents.Product;
import io.sluice.bench.inventory.CdcEvents.Source;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded, realistic stream of shop changes, in source (commit) order, each its own transaction: first the
 * catalogue ({@code products} created), then a mix of order items created (most), updated and deleted (each delete
 * followed by its tombstone), catalogue updates (price, name), stock changes, new products, and deletes of products
 * never ordered (with tombstones). While it generates, it keeps the stock every product must end with under the
 * inventory's semantics (docs/adr/0011): the source's {@code stock_quantity} as last changed, minus the quantities of
 * the order items committed after that change. Not thread-safe; {@link #generate} once per instance.
 */
final class InventoryWorkload {
    /** The kinds of change, for the summary. */
    enum Kind {
        PRODUCT_CREATED("products created"),
        ITEM_CREATED("order items created"),
        ITEM_UPDATED("order items updated"),
        ITEM_DELETED("order items deleted"),
        CATALOGUE_UPDATED("catalogue updates"),
        STOCK_CHANGED("stock changes"),
        PRODUCT_DELETED("products deleted"),
        TOMBSTONE("tombstones");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Receives each event: its topic's table ({@code products} or {@code order_items}), key and value (null: tombstone). */
    interface Sink {
        void accept(boolean products, byte[] key, byte[] value);
    }

    private static final List<BigDecimal> PRICES = List.of(
            new BigDecimal("29.99"),
            new BigDecimal("1299.99"),
            new BigDecimal("19.99"),
            new BigDecimal("0.29"),
            new BigDecimal("4.35"),
            new BigDecimal("9.99"),
            new BigDecimal("149.00"));
    private static final String[] NAMES = {"Laptop", "Wireless Mouse", "USB Cable", "Monitor", "Keyboard", "Pen"};
    private static final long FIRST_LSN = 40_000_000L;

    private final Random random;
    private final long events;
    private final long startMillis;
    private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);

    private final Map<Long, Product> products = new HashMap<>();
    private final IdSet live = new IdSet();
    private final IdSet neverOrdered = new IdSet();
    private final Map<Long, Long> stock = new HashMap<>();
    private final Map<Long, Item> items = new HashMap<>();
    private final IdSet liveItems = new IdSet();

    private long emitted;
    private long lsn = FIRST_LSN;
    private long nextProduct = 1;
    private long nextItem = 1;
    private long nextOrder = 1;

    /** @param events how many events to generate, tombstones included */
    InventoryWorkload(long seed, long events, long startMillis) {
        if (events < 1) {
            throw new IllegalArgumentException("events must be at least 1, got " + events);
        }
        this.random = new Random(seed);
        this.events = events;
        this.startMillis = startMillis;
    }

    /** Products created before the mix: one per 40 events, at least 10. */
    static long initialProducts(long events) {
        return Math.max(10, events / 40);
    }

    /** Generates the events in order into {@code sink}. */
    void generate(Sink sink) {
        long initial = Math.min(events, initialProducts(events));
        for (long i = 0; i < initial; i++) {
            createProduct(sink);
        }
        while (emitted < events) {
            int draw = random.nextInt(100);
            boolean room = events - emitted >= 2; // a delete comes with its tombstone
            if (live.isEmpty()) {
                createProduct(sink);
            } else if (draw < 70) {
                createItem(sink);
            } else if (draw < 78 && !liveItems.isEmpty()) {
                updateItem(sink);
            } else if (draw < 83 && room && !liveItems.isEmpty()) {
                deleteItem(sink);
            } else if (draw < 91) {
                updateCatalogue(sink);
            } else if (draw < 96) {
                changeStock(sink);
            } else if (draw < 99 || neverOrdered.isEmpty() || !room) {
                createProduct(sink);
            } else {
                deleteProduct(sink);
            }
        }
    }

    /** The stock each product that exists at the end must have, by id. */
    Map<Long, Long> expectedStock() {
        Map<Long, Long> expected = new HashMap<>();
        for (long id : live.ids()) {
            expected.put(id, stock.get(id));
        }
        return expected;
    }

    Map<Kind, Long> counts() {
        return Map.copyOf(counts);
    }

    /** {@code 1,000 products created, 7,000 order items created, ...}. */
    String describe() {
        StringBuilder b = new StringBuilder();
        for (Kind k : Kind.values()) {
            long n = counts.getOrDefault(k, 0L);
            if (n > 0) {
                b.append(b.isEmpty() ? "" : ", ").append(String.format("%,d %s", n, k.label));
            }
        }
        return b.toString();
    }

    private void createProduct(Sink sink) {
        long id = nextProduct++;
        long now = micros();
        String name = NAMES[random.nextInt(NAMES.length)] + " " + id;
        Product p = new Product(id, name, name + " from the bench shop", price(), 20 + random.nextInt(480), now, now);
        products.put(id, p);
        live.add(id);
        neverOrdered.add(id);
        stock.put(id, (long) p.stockQuantity());
        emitProduct(sink, p, 'c', Kind.PRODUCT_CREATED);
    }

    private void updateCatalogue(Sink sink) {
        Product p = products.get(live.pick(random));
        Product changed = random.nextBoolean()
                ? new Product(
                        p.id(), p.name(), p.description(), price(), p.stockQuantity(), p.createdMicros(), micros())
                : new Product(
                        p.id(),
                        p.name() + "*",
                        "renamed " + p.description(),
                        p.price(),
                        p.stockQuantity(),
                        p.createdMicros(),
                        micros());
        products.put(p.id(), changed);
        emitProduct(sink, changed, 'u', Kind.CATALOGUE_UPDATED);
    }

    private void changeStock(Sink sink) {
        Product p = products.get(live.pick(random));
        int quantity = random.nextInt(5) == 0 ? 5 + random.nextInt(20) : p.stockQuantity() + 10 + random.nextInt(90);
        if (quantity == p.stockQuantity()) {
            quantity++;
        }
        Product changed =
                new Product(p.id(), p.name(), p.description(), p.price(), quantity, p.createdMicros(), micros());
        products.put(p.id(), changed);
        stock.put(p.id(), (long) quantity); // items committed before this change no longer count
        emitProduct(sink, changed, 'u', Kind.STOCK_CHANGED);
    }

    private void deleteProduct(Sink sink) {
        long id = neverOrdered.pick(random);
        neverOrdered.remove(id);
        live.remove(id);
        stock.remove(id);
        Product p = products.remove(id);
        emitProduct(sink, p, 'd', Kind.PRODUCT_DELETED);
        sink.accept(true, CdcEvents.productKey(id), null);
        count(Kind.TOMBSTONE);
    }

    private void createItem(Sink sink) {
        long product = live.pick(random);
        neverOrdered.remove(product);
        if (random.nextInt(3) == 0) {
            nextOrder++;
        }
        Item item = new Item(
                nextItem++,
                nextOrder,
                product,
                1 + random.nextInt(3),
                products.get(product).price(),
                micros());
        items.put(item.id(), item);
        liveItems.add(item.id());
        stock.merge(product, (long) -item.quantity(), Long::sum);
        emitItem(sink, item, 'c', Kind.ITEM_CREATED);
    }

    private void updateItem(Sink sink) {
        Item old = items.get(liveItems.pick(random));
        int quantity = 1 + random.nextInt(5);
        if (quantity == old.quantity()) {
            quantity = quantity == 5 ? 1 : quantity + 1;
        }
        Item changed = new Item(old.id(), old.orderId(), old.productId(), quantity, old.price(), old.createdMicros());
        items.put(old.id(), changed);
        stock.merge(old.productId(), (long) (old.quantity() - quantity), Long::sum);
        emitItem(sink, changed, 'u', Kind.ITEM_UPDATED);
    }

    private void deleteItem(Sink sink) {
        long id = liveItems.pick(random);
        liveItems.remove(id);
        Item old = items.remove(id);
        stock.merge(old.productId(), (long) old.quantity(), Long::sum); // the quantity goes back
        emitItem(sink, old, 'd', Kind.ITEM_DELETED);
        sink.accept(false, CdcEvents.itemKey(id), null);
        count(Kind.TOMBSTONE);
    }

    private void emitProduct(Sink sink, Product p, char op, Kind kind) {
        sink.accept(true, CdcEvents.productKey(p.id()), CdcEvents.productValue(p, source(op)));
        count(kind);
    }

    private void emitItem(Sink sink, Item i, char op, Kind kind) {
        sink.accept(false, CdcEvents.itemKey(i.id()), CdcEvents.itemValue(i, source(op)));
        count(kind);
    }

    private void count(Kind kind) {
        counts.merge(kind, 1L, Long::sum);
        emitted++;
    }

    /** Every change its own transaction, in commit order: a new LSN each, ten changes per millisecond. */
    private Source source(char op) {
        lsn += 120 + random.nextInt(200);
        return new Source(op, startMillis + emitted / 10, lsn);
    }

    private long micros() {
        return (startMillis + emitted / 10) * 1000 + emitted % 10;
    }

    private BigDecimal price() {
        return PRICES.get(random.nextInt(PRICES.size()));
    }

    /** Ids with O(1) add, remove and uniform pick. */
    private static final class IdSet {
        private long[] ids = new long[1024];
        private int size;
        private final Map<Long, Integer> index = new HashMap<>();

        void add(long id) {
            if (index.containsKey(id)) {
                return;
            }
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            index.put(id, size);
            ids[size++] = id;
        }

        void remove(long id) {
            Integer at = index.remove(id);
            if (at == null) {
                return;
            }
            long last = ids[--size];
            if (at != size) {
                ids[at] = last;
                index.put(last, at);
            }
        }

        long pick(Random random) {
            return ids[random.nextInt(size)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        long[] ids() {
            return Arrays.copyOf(ids, size);
        }
    }
}
