package io.sluice.app;

import io.sluice.core.lifecycle.ShutdownSignal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        mixinStandardHelpOptions = true,
        name = "up",
        description = "Run the whole platform in this process: a Kafka broker and PostgreSQL (embedded unless"
                + " configured to external ones), then every service. Ctrl-C stops it cleanly.")
final class UpCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "data",
            description = "Where embedded Kafka and PostgreSQL keep their data (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        long start = System.nanoTime();
        try (ShutdownSignal signal = ShutdownSignal.install(config.shutdownGrace());
                Platform platform = Platform.start(config.settings(), dataDir)) {
            banner(spec.commandLine().getOut(), platform, (System.nanoTime() - start) / 1e9);
            signal.await();
        }
        return 0;
    }

    private void banner(PrintWriter out, Platform p, double seconds) {
        var tw = p.textWriterConfig();
        int port = p.textWriter().httpPort();
        out.printf("%nSluice is up (%.1f s)%n", seconds);
        out.printf(
                "  Kafka        %-28s %s%n",
                tw.bootstrapServers(),
                p.kafka() != null ? "embedded, data in " + p.kafka().dataDirectory() : "external");
        out.printf(
                "  PostgreSQL   %-28s %s%n",
                tw.database().host() + ":" + tw.database().port() + "/"
                        + tw.database().name(),
                p.postgres() != null ? "embedded, data in " + p.postgres().dataDirectory() : "external");
        out.printf("  Text writer  %-28s topic %s, DLQ %s.dlq%n", "http://localhost:" + port, tw.topic(), tw.topic());
        out.printf("               health /health, metrics /metrics%n");
        var emb = p.embeddingsConfig();
        out.printf(
                "  Embeddings   %-28s model %s, store %s%n",
                "http://localhost:" + p.embeddings().httpPort(),
                emb.provider(),
                p.embeddings().storeName());
        out.printf("               search POST /embeddings/search, status /status%n");
        var re = p.requestEventsConfig();
        out.printf(
                "  Request events %-26s topic %s, SQLite %s%n",
                "http://localhost:" + p.requestEvents().httpPort(), re.topic(), re.dbPath());
        out.printf("               GET /, POST /kafka/publish, GET /kafka/status%n%n");
        out.printf("Try, in another terminal:%n");
        out.printf("  curl http://localhost:%d/health%n", port);
        out.printf("  ./sluice create \"Hello, Sluice\"%n");
        out.printf("  ./sluice kafka produce %s '{\"id\":\"test-123\",\"text\":\"Hello Kafka\"}'%n", tw.topic());
        out.printf("  ./sluice list%n");
        out.printf("  ./sluice embeddings search \"Hello\"%n");
        out.printf("  curl http://localhost:%d/%n", p.requestEvents().httpPort());
        out.printf("Stop with Ctrl-C.%n");
        out.flush();
    }
}
