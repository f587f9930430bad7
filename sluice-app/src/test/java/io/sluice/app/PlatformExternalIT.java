package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.config.Settings;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({KafkaBroker.class, Postgres.class})
class PlatformExternalIT {
    @TempDir
    Path data;

    @Test
    void configured_external_servers_replace_the_embedded_ones() {
        TestDatabase db = Postgres.freshDatabase("external");
        Settings settings = Settings.of(Map.of(
                "kafka.bootstrap_servers", KafkaBroker.bootstrapServers(),
                "kafka.input_topic", KafkaBroker.freshTopic("external"),
                "database.host", db.host(),
                "database.port", Integer.toString(db.port()),
                "database.name", db.name(),
                "http.port", "0"));
        try (Platform platform = Platform.start(settings, data)) {
            assertThat(platform.embeds("kafka")).isFalse();
            assertThat(platform.embeds("postgres")).isFalse();
            assertThat(platform.settings().required("kafka.bootstrap_servers"))
                    .isEqualTo(KafkaBroker.bootstrapServers());
            assertThat(db.count("SELECT count(*) FROM text_messages")).isZero();
        }
        // Services may keep local state under the data dir; the embedded servers' directories must not exist.
        assertThat(data.resolve("kafka")).doesNotExist();
        assertThat(data.resolve("postgres")).doesNotExist();
    }
}
