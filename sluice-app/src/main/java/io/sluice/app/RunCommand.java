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
        return run(service, config, serviceFlags);
    }

    /** Runs {@code service} until it is stopped; what {@code sluice run} does once its arguments are parsed. */
    static int run(String service, ConfigOptions config, List<String> serviceFlags) throws InterruptedException {
        SluiceService s = ServiceRegistry.load().service(service);
        ServiceMain.run(
                s,
                config.settings(List.of(s)).with(ServiceMain.flagOverrides(s, serviceFlags)),
                Duration.ofSeconds(20));
        return 0;
    }

    /**
     * {@code run}'s arguments read without picocli when they are the plain ones ({@code SERVICE}, {@code -c/--config
     * FILE}, {@code --set KEY=VALUE}, the service's {@code --flags}): picocli's classes are compiled for Java 5, so the
     * launcher's class-data-sharing archive cannot hold them, and loading them cost a service ~0.15 s of its start.
     * Anything else (help, a malformed option) is left to picocli, which explains it.
     *
     * @param args the arguments after {@code run}
     */
    static java.util.Optional<Parsed> parsePlain(String[] args) {
        if (args.length == 0 || args[0].startsWith("-")) {
            return java.util.Optional.empty();
        }
        ConfigOptions config = new ConfigOptions();
        List<String> flags = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String value;
            if ((a.equals("--set") || a.equals("-c") || a.equals("--config")) && i + 1 < args.length) {
                value = args[++i];
            } else if (a.startsWith("--set=") || a.startsWith("--config=")) {
                value = a.substring(a.indexOf('=') + 1);
                a = a.substring(0, a.indexOf('='));
            } else if (a.startsWith("--") && a.length() > 2 && !a.contains("=") && !HELP.contains(a)) {
                flags.add(a);
                continue;
            } else {
                return java.util.Optional.empty();
            }
            if (a.equals("--set")) {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    return java.util.Optional.empty();
                }
                config.overrides.put(value.substring(0, eq), value.substring(eq + 1));
            } else {
                config.configFile = java.nio.file.Path.of(value);
            }
        }
        return java.util.Optional.of(new Parsed(args[0], config, flags));
    }

    private static final java.util.Set<String> HELP = java.util.Set.of("--help", "--version", "--set", "--config");

    /** {@code run}'s arguments, parsed. */
    record Parsed(String service, ConfigOptions config, List<String> flags) {}

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
