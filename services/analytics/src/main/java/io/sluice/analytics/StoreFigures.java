package io.sluice.analytics;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads {@link Figures} from the topology's state stores: through interactive queries of a running {@link
 * KafkaStreams} ({@link #of(KafkaStreams)}), or from any store lookup (the test driver's). An instance holds the
 * stores of its own tasks only: with several instances, each sees its partitions' part (see the operations doc).
 * Thread-safe; each call reads the stores anew.
 */
public final class StoreFigures {
    private final Function<String, ReadOnlyKeyValueStore<Object, Object>> stores;

    @SuppressWarnings("unchecked")
    StoreFigures(Function<String, ? extends ReadOnlyKeyValueStore<?, ?>> stores) {
        this.stores = name -> (ReadOnlyKeyValueStore<Object, Object>) stores.apply(name);
    }

    /**
     * Interactive queries of {@code streams}.
     *
     * @throws InvalidStateStoreException (from {@link #read()}) while the stores are not queryable: rebalancing,
     *     restoring or stopped
     */
    public static StoreFigures of(KafkaStreams streams) {
        return new StoreFigures(name -> streams.store(
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<Object, Object>keyValueStore())));
    }

    /** Every figure, now. */
    public Figures read() {
        TreeMap<String, SalesFigures> daily = new TreeMap<>();
        Map<Long, ProductFigures> products = new HashMap<>();
        Map<Long, SalesFigures> customers = new HashMap<>();
        TreeMap<String, Long> statuses = new TreeMap<>();
        this.<String, SalesFigures>each(AnalyticsTopology.DAILY_SALES, (k, v) -> {
            if (!v.isEmpty()) {
                daily.put(k, v);
            }
        });
        this.<Long, ProductFigures>each(AnalyticsTopology.PRODUCTS, (k, v) -> {
            if (!v.isEmpty()) {
                products.put(k, v);
            }
        });
        this.<Long, SalesFigures>each(AnalyticsTopology.CUSTOMERS, (k, v) -> {
            if (!v.isEmpty()) {
                customers.put(k, v);
            }
        });
        this.<String, Long>each(AnalyticsTopology.ORDER_STATUS, (k, v) -> {
            if (v != 0) {
                statuses.put(k, v);
            }
        });
        return new Figures(daily, products, customers, statuses);
    }

    @SuppressWarnings("unchecked")
    private <K, V> void each(String store, java.util.function.BiConsumer<K, V> action) {
        try (KeyValueIterator<Object, Object> it = stores.apply(store).all()) {
            while (it.hasNext()) {
                KeyValue<Object, Object> e = it.next();
                if (e.value != null) {
                    action.accept((K) e.key, (V) e.value);
                }
            }
        }
    }
}
