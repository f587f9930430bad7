package io.sluice.cli;

import io.sluice.dlq.DeadLetter;
import io.sluice.dlq.DeadLetterAction;
import io.sluice.dlq.DeadLetterJson;
import io.sluice.dlq.DeadLetters;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dlq show ID}: one dead letter, its payload, headers and history. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one dead letter.")
final class DlqShowCommand extends DlqSubcommand {

    @Parameters(
            arity = "0..1",
            paramLabel = "ID",
            description = "<dlq topic>:<partition>:<offset>, e.g. text-messages.dlq:0:42")
    String id;

    @Override
    int run(DeadLetters deadLetters) {
        DeadLetter d = deadLetters.show(id(required(id)));
        if (dlq.json) {
            printJson(DeadLetterJson.letter(d));
            return 0;
        }
        PrintWriter out = out();
        out.println("id:              " + d.id());
        out.println("status:          " + d.status().label());
        out.println("original:        " + d.original().topic() + " partition "
                + d.original().partition()
                + " offset " + d.original().offset()
                + (d.originalTimestamp() == null ? "" : " at " + d.originalTimestamp()));
        out.println("dead-lettered:   " + d.deadLetteredAt() + " by " + d.service());
        out.println("error:           " + d.errorClass());
        out.println("message:         " + d.errorMessage());
        if (d.truncated()) {
            out.println("truncated:       yes: the whole value is in the source topic at the original offset");
        }
        out.println("key:             " + text(DeadLetterJson.bytes(d.key())));
        out.println("value:           " + text(DeadLetterJson.bytes(d.value())));
        out.println("headers:");
        d.headers().forEach(h -> out.println("    " + h.getKey() + ": " + text(DeadLetterJson.bytes(h.getValue()))));
        out.println("history:" + (d.state().history().isEmpty() ? " none" : ""));
        for (DeadLetterAction a : d.state().history()) {
            out.println("    " + a.at() + " " + a.action() + " by " + a.by()
                    + (a.to() == null ? "" : " to " + a.to().topic() + ":" + a.to().partition() + ":" + a.to().offset())
                    + (a.note() == null ? "" : " (" + a.note() + ")"));
        }
        out.flush();
        return 0;
    }

    private static String text(Object rendered) {
        if (rendered instanceof Map<?, ?> m) {
            return "base64:" + m.get("base64");
        }
        return String.valueOf(rendered);
    }
}
