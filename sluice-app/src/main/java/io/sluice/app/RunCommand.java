package io.sluice.app;

import io.sluice.core.service.ServiceMain;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

@Command(
        mixinStandardHelpOptions = true,
        name = "run",
        description = "Run one service alone against the configured Kafka and PostgreSQL, nothing embedded"
                + " (the production shape; what a container runs).")
final class RunCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "SERVICE",
            completionCandidates = ServiceNames.class,
            description = "One of: ${COMPLETION-CANDIDATES}")
    String service;

    @Mixin
    ConfigOptions config;

    /** The service's own flags ({@link SluiceService#flags()}), e.g. {@code --read-from-beginning}. */
    @Unmatched
    List<String> serviceFlags = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        SluiceService s = ServiceRegistry.load().service(service);
        ServiceMain.run(
                s,
                config.settings(List.of(s)).with(ServiceMain.flagOverrides(s, serviceFlags)),
                Duration.ofSeconds(20));
        return 0;
    }

    /** The {@code --help} footer: each registered service with what it does. */
    static String[] footer() {
        List<SluiceService> services = ServiceRegistry.load().services();
        int width = services.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        return java.util.stream.Stream.concat(
                        java.util.stream.Stream.of("%nServices:"),
                        services.stream().map(s -> String.format("  %-" + width + "s  %s", s.name(), s.description())))
                .toArray(String[]::new);
    }

    /** The registered services' names, for {@code --help} and shell completion. */
    static final class ServiceNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ServiceRegistry.load().names().iterator();
        }
    }
}
