package io.sluice.bench.api;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.Format;
import io.sluice.bench.Machine;
import io.sluice.bench.ingest.WriterSettings;
import io.sluice.core.config.Settings;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthStatus;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.ServiceMain;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import io.sluice.db.Database;
import io.sluice.db.DatabaseConfig;
import io.sluice.http.HttpServer;
import io.sluice.http.HttpServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * {@code sluice bench api}: starts the text writer through the service registry and drives its {@code GET /messages/{id}}, {@code GET /messages?limit=10} and
 * {@code POST /messages} over a table of seeded rows, beside two baselines measured in the same run — the same HTTP
 * stack answering a constant body of the same size, and the same point lookup over JDBC without HTTP — and prints
 * requests/s, latency percentiles and the ratios.
 */
public final class ApiBenchmark {
    private static final String HOST = "127.0.0.1";
    private static final int SAMPLED_IDS = 10_000;

    private final BenchEnvironment env;
    private final ApiOptions options;
    private final Map<String, String> overrides;
    private final PrintWriter out;

    public ApiBenchmark(BenchEnvironment env, ApiOptions options, Map<String, String> overrides, PrintWriter out) {
        this.env = env;
        this.options = options;
        this.overrides = overrides;
        this.out = out;
    }

    public List<LoadResult> run() throws Exception {
        Optional<Wrk> wrk = options.wrk().map(w -> new Wrk(w, env.directory()));
        out.printf(
                "api: %d connections, %d s per scenario after a %d s warm-up, %s seeded rows, load generator %s (%s)%n",
                options.connections(),
                options.seconds(),
                options.warmupSeconds(),
                Format.count(options.rows()),
                wrk.isPresent() ? "wrk (" + options.wrk().get() + ")" : "java (virtual threads, raw HTTP/1.1)",
                env.describe());
        out.printf("machine: %s%n", Machine.describe());
        out.flush();
        DatabaseConfig db = env.createDatabase("bench_api");
        Settings settings = WriterSettings.of(env.bootstrapServers(), env.createTopic("bench-api", 1), db, overrides);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SluiceService textWriter = ServiceRegistry.load().service("text-writer");
        try (RunningService service = textWriter.start(new ServiceContext(
                        ServiceRegistry.settingsFor(textWriter, settings),
                        ServiceMain.prometheus(),
                        ServiceContext.Mode.RUN,
                        env.directory()));
                Database direct = Database.connect(db, "bench-jdbc", registry, Duration.ofSeconds(30))) {
            List<UUID> ids = SeededRows.insert(direct.dataSource(), options.rows(), SAMPLED_IDS);
            PointLookup lookup = new PointLookup(direct.dataSource());
            int port = service.port();
            byte[] constant = body(port, "/messages/" + ids.get(0));
            try (HttpServer constantServer = constantServer(constant, registry)) {
                List<HttpScenario> scenarios = List.of(
                        HttpScenario.get("GET /constant (baseline)", HOST, constantServer.port(), "/constant"),
                        HttpScenario.getById(HOST, port, ids),
                        HttpScenario.get("GET /messages?limit=10", HOST, port, "/messages?limit=10"),
                        HttpScenario.create(HOST, port));
                warmUp(scenarios, lookup, ids);
                List<LoadResult> results = new ArrayList<>();
                for (HttpScenario scenario : scenarios) {
                    results.add(http(wrk, scenario));
                }
                results.add(jdbc(lookup, ids));
                new ResultTable(results).print(out);
                out.printf("[%s]%n", Machine.load());
                out.flush();
                return results;
            }
        }
    }

    /** What the service answers to {@code GET path}: the constant baseline serves the same bytes. */
    private static byte[] body(int port, String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> r = client.send(
                    HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            return r.body();
        }
    }

    private static HttpServer constantServer(byte[] body, PrometheusMeterRegistry registry) {
        return HttpServer.start(
                "bench-constant",
                new HttpServerConfig(HOST, 0, HttpServerConfig.DEFAULT_MAX_REQUEST_BYTES),
                registry,
                () -> new Health(HealthStatus.UP, Map.of()),
                routes -> routes.get(
                        "/constant", ctx -> ctx.contentType("application/json").result(body)));
    }

    /**
     * Runs every scenario once for the warm-up time before measuring any, so that the JIT has compiled the shared
     * HTTP and JDBC paths and the first scenario measured (the constant baseline) is not the one paying for it.
     */
    private void warmUp(List<HttpScenario> scenarios, PointLookup lookup, List<UUID> ids) throws InterruptedException {
        if (options.warmupSeconds() == 0) {
            return;
        }
        for (HttpScenario s : scenarios) {
            ClosedLoop.run(s.name(), options.connections(), Duration.ZERO, warmup(), s::operation);
        }
        jdbcLoad(lookup, ids, Duration.ZERO, warmup());
        out.printf("  warmed up every scenario for %d s  [%s]%n", options.warmupSeconds(), Machine.load());
        out.flush();
    }

    private LoadResult http(Optional<Wrk> wrk, HttpScenario scenario) throws InterruptedException {
        LoadResult r = wrk.isPresent()
                ? wrk.get().run(scenario, options.connections(), warmup(), measure())
                : ClosedLoop.run(scenario.name(), options.connections(), warmup(), measure(), scenario::operation);
        progress(r);
        return r;
    }

    private LoadResult jdbc(PointLookup lookup, List<UUID> ids) throws InterruptedException {
        LoadResult r = jdbcLoad(lookup, ids, warmup(), measure());
        progress(r);
        return r;
    }

    /** The same point lookup the API does ({@link PointLookup}), straight over JDBC. */
    private LoadResult jdbcLoad(PointLookup lookup, List<UUID> ids, Duration warmup, Duration measure)
            throws InterruptedException {
        UUID[] pool = ids.toArray(UUID[]::new);
        return ClosedLoop.run("JDBC point lookup (baseline)", options.connections(), warmup, measure, worker -> {
            SplittableRandom random = new SplittableRandom(worker + System.nanoTime());
            return new ClosedLoop.Operation() {
                @Override
                public boolean call() {
                    return lookup.find(pool[random.nextInt(pool.length)]);
                }

                @Override
                public void close() {}
            };
        });
    }

    private void progress(LoadResult r) {
        out.printf("  %s: %s req/s  [%s]%n", r.name(), Format.count(Math.round(r.perSecond())), Machine.load());
        out.flush();
    }

    private Duration warmup() {
        return Duration.ofSeconds(options.warmupSeconds());
    }

    private Duration measure() {
        return Duration.ofSeconds(options.seconds());
    }
}
