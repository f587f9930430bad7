package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code run}'s plain arguments are read without picocli; anything else is left to it. */
class RunPlainArgumentsTest {

    @Test
    void plain_arguments_are_read_as_picocli_reads_them() {
        RunCommand.Parsed p = RunCommand.parsePlain(new String[] {
                    "text-writer", "--set", "a.b=1", "--set=c=d=e", "-c", "x.yaml", "--read-from-beginning"
                })
                .orElseThrow();
        assertThat(p.service()).isEqualTo("text-writer");
        assertThat(p.config().overrides).isEqualTo(Map.of("a.b", "1", "c", "d=e"));
        assertThat(p.config().configFile).isEqualTo(Path.of("x.yaml"));
        assertThat(p.flags()).containsExactly("--read-from-beginning");
        assertThat(RunCommand.parsePlain(new String[] {"text-writer", "--config=y.yaml"})
                        .orElseThrow()
                        .config()
                        .configFile)
                .isEqualTo(Path.of("y.yaml"));
    }

    @Test
    void help_and_anything_malformed_go_to_picocli() {
        for (List<String> args : List.of(
                List.<String>of(),
                List.of("--help"),
                List.of("text-writer", "--help"),
                List.of("text-writer", "-h"),
                List.of("text-writer", "--set"),
                List.of("text-writer", "--set", "novalue"),
                List.of("text-writer", "--flag=true"),
                List.of("text-writer", "extra"))) {
            assertThat(RunCommand.parsePlain(args.toArray(String[]::new)))
                    .as(args.toString())
                    .isEmpty();
        }
    }
}
