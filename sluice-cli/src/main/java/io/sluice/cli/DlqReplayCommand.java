package io.sluice.cli;

import io.sluice.dlq.DeadLetterFilter;
import io.sluice.dlq.DeadLetterId;
import io.sluice.dlq.DeadLetterJson;
import io.sluice.dlq.DeadLetters;
import io.sluice.dlq.ReplayResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dlq replay (ID... | --all-matching [--topic] [--since] [--error]) [--dry-run] [--force]}: sends dead letters
 * back to their original topics. Exit 0 when every one was replayed; 1 when some were skipped (each with its reason).
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Replay dead letters to their original topics (once, unless --force).")
final class DlqReplayCommand extends DlqSubcommand {

    @Parameters(arity = "0..*", paramLabel = "ID", description = "Dead-letter IDs, e.g. text-messages.dlq:0:42")
    List<String> ids = new ArrayList<>();

    @Option(names = "--all-matching", description = "Replay every dead letter that matches --topic/--since/--error.")
    boolean allMatching;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "With --all-matching: a *.dlq or source topic.")
    String topic;

    @Option(names = "--since", paramLabel = "TIME", description = "With --all-matching: dead-lettered at or after.")
    String since;

    @Option(names = "--error", paramLabel = "TEXT", description = "With --all-matching: error class or message.")
    String error;

    @Option(names = "--dry-run", description = "Say what would be replayed; write nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Replay even what was already replayed or resolved.")
    boolean force;

    @Override
    int run(DeadLetters deadLetters) {
        if (allMatching && !ids.isEmpty()) {
            throw new BadArgument("give dead-letter IDs or --all-matching, not both");
        }
        if (!allMatching && ids.isEmpty()) {
            throw new BadArgument("give dead-letter IDs or --all-matching (see: sluice dlq ls)");
        }
        if (!allMatching && (topic != null || since != null || error != null)) {
            throw new BadArgument("--topic, --since and --error select with --all-matching; not with IDs");
        }
        ReplayResult result;
        if (allMatching) {
            DeadLetterFilter filter = new DeadLetterFilter(topic, time("--since", since), error, null);
            result = deadLetters.replayMatching(filter, dryRun, force, by());
        } else {
            List<DeadLetterId> parsed = ids.stream().map(DlqSubcommand::id).toList();
            result = deadLetters.replay(parsed, dryRun, force, by());
        }
        if (dlq.json) {
            printJson(DeadLetterJson.replay(result));
        } else {
            print(result);
        }
        if (!result.skipped().isEmpty()) {
            err().println("Error: " + result.skipped().size() + " of "
                    + (result.skipped().size() + result.replayed().size())
                    + " dead letters not replayed (reasons above)");
            err().flush();
            return FAILED;
        }
        return 0;
    }

    private void print(ReplayResult r) {
        PrintWriter out = out();
        for (ReplayResult.Replayed x : r.replayed()) {
            out.println(
                    r.dryRun()
                            ? "would replay " + x.id() + " to " + x.to().topic()
                            : "replayed " + x.id() + " to " + x.to().topic() + ":" + x.to().partition() + ":"
                                    + x.to().offset());
        }
        for (ReplayResult.Skipped x : r.skipped()) {
            out.println("skipped " + x.id() + ": " + x.reason());
        }
        if (r.replayed().isEmpty() && r.skipped().isEmpty()) {
            out.println("nothing matched");
        }
        out.flush();
    }
}
