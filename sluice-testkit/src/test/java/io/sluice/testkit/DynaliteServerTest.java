package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynaliteServerTest {

    @Test
    void a_missing_install_fails_naming_the_install_script(@TempDir Path empty) {
        String previous = System.getProperty("sluice.dynalite.dir");
        System.setProperty("sluice.dynalite.dir", empty.toString());
        try {
            assertThatThrownBy(() -> DynaliteServer.inMemory().start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("dynalite is not installed")
                    .hasMessageContaining("scripts/install-dynalite.sh");
        } finally {
            if (previous == null) {
                System.clearProperty("sluice.dynalite.dir");
            } else {
                System.setProperty("sluice.dynalite.dir", previous);
            }
        }
    }
}
