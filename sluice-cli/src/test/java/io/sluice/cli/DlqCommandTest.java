package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad arguments of {@code sluice dlq}: one line, exit 2, before any Kafka call (the broker named does not exist). */
class DlqCommandTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            dlq show                                             | Error: give a dead-letter ID, e.g. text-messages.dlq:0:42 (see: sluice dlq ls)
            dlq resolve                                          | Error: give a dead-letter ID, e.g. text-messages.dlq:0:42 (see: sluice dlq ls)
            dlq show nope                                        | Error: invalid dead-letter ID 'nope': expected <dlq topic>:<partition>:<offset>, e.g. text-messages.dlq:0:42
            dlq show text-messages:0:1                           | Error: not a dead-letter topic (*.dlq): text-messages
            dlq resolve t.dlq:x:1                                | Error: invalid dead-letter ID 't.dlq:x:1': partition and offset must be numbers
            dlq replay                                           | Error: give dead-letter IDs or --all-matching (see: sluice dlq ls)
            dlq replay t.dlq:0:1 --all-matching                  | Error: give dead-letter IDs or --all-matching, not both
            dlq replay t.dlq:0:1 --topic t                       | Error: --topic, --since and --error select with --all-matching; not with IDs
            dlq replay --all-matching --since soon               | Error: --since: invalid time 'soon': expected an ISO-8601 time (2026-12-05T10:15:30Z), a date (2026-12-05), epoch milliseconds or a duration ago (30m, 2h, 7d)
            dlq ls --since 2026-13-45                            | Error: --since: invalid time '2026-13-45': expected an ISO-8601 time (2026-12-05T10:15:30Z), a date (2026-12-05), epoch milliseconds or a duration ago (30m, 2h, 7d)
            dlq ls --status done                                 | Error: --status: invalid status 'done': expected open, replayed or resolved
            dlq ls --limit 0                                     | Error: --limit must be an integer from 1 to 1000, got '0'
            dlq ls --limit ten                                   | Error: --limit must be an integer from 1 to 1000, got 'ten'
            dlq ls --bogus                                       | Error: Unknown option: '--bogus' (see: sluice dlq ls --help)
            """)
    void a_bad_argument_is_one_line_and_exit_2(String args, String error) {
        Cli.Result r = Cli.run((args + " --bootstrap-servers 127.0.0.1:1").split(" "));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(error + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }
}
