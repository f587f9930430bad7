package io.sluice.bench.search;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.Format;
import io.sluice.bench.Machine;
import io.sluice.bench.Percentiles;
import io.sluice.bench.Producers;
import io.sluice.bench.inventory.CdcEvents;
import io.sluice.bench.inventory.DynaliteProcess;
import io.sluice.core.kafka.Topics;
import io.sluice.db.DatabaseConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code sluice bench search} on one store: pre-produces {@code products} generated products ({@link ProductCatalog})
 * as CDC insert events plus a catalogue change for one product in ten, to a products topic of 3 partitions; measures
 * the search indexer (started through the registry, in this process) indexing them, from its consumer's start until it
 * settled the last record; on PostgreSQL, then the minimal writer ({@link SearchBaseline}) storing the same rows;
 * then search latency through the REST API ({@link SearchLatency}). Not thread-safe.
 */
final class SearchBenchmark {
    static final int PARTITIONS = 3;
    private static final Duration STALL = Duration.ofSeconds(120);

    /**
     * One store's figures.
     *
     * @param indexRate events per second the indexer settled
     * @param baselineRate events per second of the minimal writer; 0 when not run (DynamoDB)
     * @param latency search latency in microseconds
     */
    record Result(
            String store,
            long products,
            long events,
            double indexRate,
            double baselineRate,
            Percentiles latency,
            double meanHits,
            long errors) {
        double ratio() {
            return baselineRate <= 0 ? 0 : indexRate / baselineRate;
        }
    }

    private final BenchEnvironment env;
    private final PrintWriter out;
    private final long seed;
    private final int queries;
    private final Map<String, String> overrides;

    SearchBenchmark(BenchEnvironment env, PrintWriter out, long seed, int queries, Map<String, String> overrides) {
        this.env = env;
        this.out = out;
        this.seed = seed;
        this.queries = queries;
        this.overrides = overrides;
    }

    /** Runs on {@code store} ({@code postgres} or {@code dynamodb}); empty when dynalite is not installed. */
    Optional<Result> run(String store, long products) throws InterruptedException {
        Map<String, String> storeSettings = new HashMap<>();
        DynaliteProcess dynalite = null;
        if (store.equals("dynamodb")) {
            Optional<Path> cli = DynaliteProcess.find();
            if (cli.isEmpty()) {
                out.println("search (dynamodb) skipped: dynalite is not installed; " + DynaliteProcess.INSTALL_HINT);
                out.flush();
                return Optional.empty();
            }
            dynalite = DynaliteProcess.start(
                    cli.get(), env.directory().resolve("dynalite").resolve("data"));
            storeSettings.putAll(dynalite.settings());
            storeSettings.put(SearchSettings.OWN + "dynamodb.table", "bench-search-index");
        }
        try {
            return Optional.of(measure(store, products, storeSettings));
        } finally {
            if (dynalite != null) {
                dynalite.close();
            }
        }
    }

    private Result measure(String store, long products, Map<String, String> storeSettings) throws InterruptedException {
        String prefix =
                "bench_search_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String topic = prefix + ".public.products";
        if (!Topics.ensure(
                env.bootstrapServers(),
                Map.of(topic, PARTITIONS, topic + ".dlq", PARTITIONS),
                Duration.ofSeconds(30))) {
            throw new IllegalStateException("could not create " + topic);
        }
        long events = produce(topic, products);
        out.printf(
                "search (%s): %s products, %s events (inserts, then a catalogue change for one in ten) on %s x %d"
                        + " partitions  [%s]%n",
                store, Format.count(products), Format.count(events), topic, PARTITIONS, Machine.load());
        out.flush();

        DatabaseConfig db = env.createDatabase("bench_search");
        Map<String, String> settings = new HashMap<>(
                SearchSettings.of(env.bootstrapServers(), topic, "bench-search-" + prefix, db, store, overrides));
        settings.putAll(storeSettings);
        try (SearchInstance service =
                SearchInstance.start(settings, env.directory().resolve("search-" + store))) {
            long start = service.consumerStartNanos();
            long end = awaitConsumed(service, events);
            long elapsed = end - start;
            out.printf(
                    "  indexer (%s): %s events in %s = %s events/s; %s dead-lettered  [%s]%n",
                    store,
                    Format.count(events),
                    Format.seconds(elapsed),
                    Format.rate(events, elapsed),
                    Format.count(service.deadLettered()),
                    Machine.load());
            out.flush();
            double baseline = 0;
            if (store.equals("postgres")) {
                DatabaseConfig baseDb = env.createDatabase("bench_search_baseline");
                SearchBaseline.prepare(baseDb);
                SearchBaseline.Result r = SearchBaseline.run(env.bootstrapServers(), topic, baseDb, events);
                baseline = Format.perSecond(r.records(), r.nanos());
                out.printf(
                        "  minimal writer (KafkaConsumer + batched upsert, no postings): %s events in %s = %s events/s%n",
                        Format.count(r.records()), Format.seconds(r.nanos()), Format.rate(r.records(), r.nanos()));
                out.flush();
            }
            SearchLatency.Result latency = new SearchLatency(service.port(), new ProductCatalog(seed + 1))
                    .run(Math.min(200, queries), queries);
            out.printf(
                    "  search: %s queries, p50 %s, p99 %s, max %s, %.1f results per query, %d errors%n",
                    Format.count(queries),
                    Format.millisFromMicros(latency.micros().p50()),
                    Format.millisFromMicros(latency.micros().p99()),
                    Format.millisFromMicros(latency.micros().max()),
                    latency.meanHits(),
                    latency.errors());
            out.flush();
            return new Result(
                    store,
                    products,
                    events,
                    Format.perSecond(events, elapsed),
                    baseline,
                    latency.micros(),
                    latency.meanHits(),
                    latency.errors());
        }
    }

    /** Produces the inserts, then the catalogue changes; returns how many events. */
    private long produce(String topic, long products) {
        ProductCatalog catalog = new ProductCatalog(seed);
        long nowMillis = System.currentTimeMillis();
        long micros = nowMillis * 1000;
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> first = new AtomicReference<>();
        long lsn = 10_000_000;
        long events = 0;
        try (KafkaProducer<byte[], byte[]> producer = Producers.bulk(env.bootstrapServers())) {
            ProductCatalog.Product[] changed = new ProductCatalog.Product[(int) (products / 10)];
            for (long id = 1; id <= products; id++) {
                ProductCatalog.Product p = catalog.product(id);
                if (id % 10 == 0) {
                    changed[(int) (id / 10) - 1] = p;
                }
                send(producer, topic, p, 'c', lsn += 100, nowMillis, micros, failed, first);
                events++;
            }
            for (ProductCatalog.Product p : changed) {
                send(producer, topic, catalog.update(p), 'u', lsn += 100, nowMillis, micros, failed, first);
                events++;
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " sends to " + topic + " failed", first.get());
        }
        return events;
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            ProductCatalog.Product p,
            char op,
            long lsn,
            long millis,
            long micros,
            AtomicLong failed,
            AtomicReference<Exception> first) {
        byte[] value = CdcEvents.productValue(p.row(micros, micros + lsn), new CdcEvents.Source(op, millis, lsn));
        producer.send(new ProducerRecord<>(topic, CdcEvents.productKey(p.id()), value), (m, e) -> {
            if (e != null) {
                failed.incrementAndGet();
                first.compareAndSet(null, e);
            }
        });
    }

    /** Waits until the service has settled {@code n} records; returns when it was first seen. */
    private static long awaitConsumed(SearchInstance service, long n) throws InterruptedException {
        long last = -1;
        long movedAt = System.nanoTime();
        while (true) {
            long consumed = service.consumed();
            long now = System.nanoTime();
            if (consumed >= n) {
                return now;
            }
            if (consumed != last) {
                last = consumed;
                movedAt = now;
            }
            if (now - movedAt > STALL.toNanos()) {
                throw new IllegalStateException("the search indexer settled no record for " + STALL.toSeconds() + " s ("
                        + consumed + " of " + n + "; health " + service.health() + ")");
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted after " + consumed + " of " + n + " records");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
