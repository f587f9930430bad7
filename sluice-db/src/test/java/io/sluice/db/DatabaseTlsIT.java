package io.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 11, item 9: {@code database.sslmode} and {@code database.sslrootcert} reach the driver. */
@ExtendWith(Postgres.class)
class DatabaseTlsIT {

    private static DatabaseConfig config(TestDatabase db, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(db.settings());
        s.putAll(extra);
        return DatabaseConfig.from(Settings.of(s));
    }

    @Test
    void the_ssl_settings_are_in_every_jdbc_url() {
        DatabaseConfig c = DatabaseConfig.from(Settings.of(Map.of(
                "database.host",
                "db.example",
                "database.sslmode",
                "Verify-Full",
                "database.sslrootcert",
                "/etc/sluice/ca root.pem")));

        assertThat(c.jdbcUrl())
                .isEqualTo("jdbc:postgresql://db.example:5434/text_messages_db?sslmode=verify-full"
                        + "&sslrootcert=%2Fetc%2Fsluice%2Fca+root.pem");
        assertThat(c.jdbcUrl("postgres"))
                .endsWith("/postgres?sslmode=verify-full&sslrootcert=%2Fetc%2Fsluice%2Fca+root.pem");
        assertThat(DatabaseConfig.from(Settings.of(Map.of())).jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:5434/text_messages_db");
    }

    @Test
    void an_unknown_sslmode_is_a_configuration_error_naming_the_key() {
        assertThatThrownBy(() -> DatabaseConfig.from(Settings.of(Map.of("database.sslmode", "on"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("database.sslmode")
                .hasMessageContaining("'on'");
    }

    @Test
    void sslmode_require_refuses_a_server_without_tls_and_disable_connects() throws SQLException {
        TestDatabase db = Postgres.freshDatabase("tls");
        DatabaseConfig required = config(db, Map.of("database.sslmode", "require"));
        DatabaseConfig plain = config(db, Map.of("database.sslmode", "disable"));

        assertThatThrownBy(() -> DriverManager.getConnection(required.jdbcUrl(), db.user(), db.password())
                        .close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("SSL");
        try (Connection c = DriverManager.getConnection(plain.jdbcUrl(), db.user(), db.password())) {
            assertThat(c.isValid(5)).isTrue();
        }
    }
}
