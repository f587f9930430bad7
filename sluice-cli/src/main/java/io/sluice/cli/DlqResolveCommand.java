package io.sluice.cli;

import io.sluice.dlq.DeadLetterJson;
import io.sluice.dlq.DeadLetters;
import io.sluice.dlq.Resolution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dlq resolve ID [--note TEXT]}: marks a dead letter resolved, so it is not replayed unless forced. */
@Command(name = "resolve", mixinStandardHelpOptions = true, description = "Mark a dead letter resolved.")
final class DlqResolveCommand extends DlqSubcommand {

    @Parameters(
            arity = "0..1",
            paramLabel = "ID",
            description = "<dlq topic>:<partition>:<offset>, e.g. text-messages.dlq:0:42")
    String id;

    @Option(names = "--note", paramLabel = "TEXT", description = "Why, kept in the dead letter's history.")
    String note;

    @Override
    int run(DeadLetters deadLetters) {
        Resolution r = deadLetters.resolve(id(required(id)), note, by());
        if (dlq.json) {
            printJson(DeadLetterJson.resolution(r));
        } else {
            out().println("resolved " + r.id() + " at " + r.at());
            out().flush();
        }
        return 0;
    }
}
