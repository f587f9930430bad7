package io.sluice.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * The client and operator commands of the {@code sluice} launcher: {@code health}, {@code list}, {@code get},
 * {@code create}, {@code stats}, {@code send-file} (Text Writer HTTP API), {@code kafka topics|produce|consume}, {@code
 * embeddings ...}, {@code inventory get|low-stock}, {@code products search|get} and
 * {@code activity send|send-file|user|stats}.
 * Every command returns exit code 0 on success and 1 on an expected failure, after one {@code Error: ...} line on
 * stderr; picocli's usage errors keep their exit code 2.
 */
public final class CliCommands {

    private CliCommands() {}

    /** New instances of the commands, for {@link CommandLine#addSubcommand(Object)}. */
    public static List<Object> commands() {
        return List.of(
                new HealthCommand(),
                new ListCommand(),
                new GetCommand(),
                new CreateCommand(),
                new StatsCommand(),
                new SendFileCommand(),
                new KafkaCommand(),
                new DlqCommand(),
                new EmbeddingsCommand(),
                new InventoryCommand(),
                new ProductsCommand(),
                new ActivityCommand(),
                new AnalyticsCommand());
    }

    /**
     * Adds the commands under {@code root}, and the {@code --url} option to {@code root} itself so that it may also be
     * given before the subcommand ({@code sluice --url URL list}). Call before {@code setOut}/{@code setErr}, which
     * apply to the subcommands present at the time.
     */
    public static CommandLine register(CommandLine root) {
        root.addMixin("service", new ServiceOptions());
        commands().forEach(root::addSubcommand);
        return root;
    }
}
