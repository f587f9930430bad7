package io.sluice.app;

import io.sluice.core.config.Settings;
import io.sluice.core.lifecycle.ShutdownSignal;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        mixinStandardHelpOptions = true,
        name = "up",
        description = "Run the whole platform in this process: a Kafka broker, PostgreSQL and an S3-compatible server"
                + " (each embedded when a service needs it, unless configured to an external one), then every service."
                + " Ctrl-C stops it cleanly.")
final class UpCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "data",
            description = "Where embedded Kafka, PostgreSQL and S3 keep their data (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(
            names = "--service",
            paramLabel = "NAME",
            split = ",",
            completionCandidates = RunCommand.ServiceNames.class,
            description = "Run only these services (repeatable or comma-separated) and what they need; default all:"
                    + " ${COMPLETION-CANDIDATES}")
    List<String> only = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        long start = System.nanoTime();
        ServiceRegistry registry = ServiceRegistry.load();
        List<SluiceService> services = only.isEmpty()
                ? registry.services()
                : only.stream().map(registry::service).toList();
        Settings settings = config.settings(services);
        try (ShutdownSignal signal = ShutdownSignal.install(config.shutdownGrace(settings));
                Platform platform = Platform.start(registry, services, settings, dataDir)) {
            banner(spec.commandLine().getOut(), platform, (System.nanoTime() - start) / 1e9);
            signal.await();
        }
        return 0;
    }

    static void banner(PrintWriter out, Platform p, double seconds) {
        int width = 12;
        for (Platform.Started s : p.services()) {
            width = Math.max(width, s.service().title().length());
        }
        String row = "  %-" + width + "s %-28s %s%n";
        String more = "  %-" + width + "s %s%n";
        out.printf("%nSluice is up (%.1f s)%n", seconds);
        for (Platform.InfraLine i : p.infrastructure()) {
            out.printf(row, i.title(), i.address(), i.description());
        }
        List<String> hints = new ArrayList<>();
        for (Platform.Started s : p.services()) {
            List<String> lines = s.running().banner();
            String url = s.running().port() < 0
                    ? ""
                    : "http://localhost:" + s.running().port();
            out.printf(row, s.service().title(), url, lines.isEmpty() ? "" : lines.get(0));
            lines.stream().skip(1).forEach(l -> out.printf(more, "", l));
            hints.addAll(s.running().hints());
        }
        if (!hints.isEmpty()) {
            out.printf("%nTry, in another terminal:%n");
            hints.forEach(h -> out.printf("  %s%n", h));
        }
        out.printf("Stop with Ctrl-C.%n");
        out.flush();
    }
}
