package io.sluice.bench.api;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.ServerOptions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sluice bench api}: see {@link ApiBenchmark}. */
@Command(
        name = "api",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the text writer's REST API (GET /messages/{id}, GET /messages?limit=10, POST /messages)"
                    + " beside a constant-body HTTP baseline and a JDBC point-lookup baseline, in the same run.",
            "Uses wrk when it is on the PATH, else a Java load generator on virtual threads."
        })
public final class ApiCommand implements Callable<Integer> {
    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "10",
            description = "Measured seconds per scenario (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--connections",
            paramLabel = "C",
            defaultValue = "16",
            description = "Concurrent keep-alive connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(
            names = "--warmup",
            paramLabel = "S",
            defaultValue = "3",
            description = "Unmeasured seconds before each scenario (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(
            names = "--rows",
            paramLabel = "N",
            defaultValue = "100000",
            description = "Rows in text_messages before the run (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(
            names = "--client",
            paramLabel = "CLIENT",
            defaultValue = "auto",
            description = "auto (wrk if on the PATH, else java), wrk or java (default: ${DEFAULT-VALUE}).")
    String client;

    @Mixin
    ServerOptions servers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ApiOptions options = new ApiOptions(seconds, warmupSeconds, connections, rows, wrk());
        try (BenchEnvironment env = BenchEnvironment.start(servers)) {
            new ApiBenchmark(
                            env,
                            options,
                            servers.overrides(),
                            spec.commandLine().getOut())
                    .run();
        }
        return 0;
    }

    private Optional<Path> wrk() {
        return switch (client) {
            case "auto" -> Wrk.find();
            case "java" -> Optional.empty();
            case "wrk" ->
                Optional.of(Wrk.find()
                        .orElseThrow(
                                () -> new ParameterException(spec.commandLine(), "--client wrk: no wrk on the PATH")));
            default -> throw new ParameterException(spec.commandLine(), "--client must be auto, wrk or java");
        };
    }
}
