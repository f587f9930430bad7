package io.sluice.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresIT {

    @TempDir
    Path dir;

    @Test
    void postgres_restarts_on_the_same_data_and_keeps_rows() throws Exception {
        try (EmbeddedPostgres postgres =
                EmbeddedPostgres.builder().dataDirectory(dir.resolve("pg-data")).build()) {
            postgres.start();
            postgres.ensureDatabase("orders");
            postgres.ensureDatabase("orders"); // an existing database is fine
            String url = postgres.jdbcUrl("orders");
            assertThat(url).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/orders");

            execute(url, "CREATE TABLE items (id int PRIMARY KEY, name text)");
            execute(url, "INSERT INTO items VALUES (1, 'first')");
            assertThat(single(url, "SELECT current_setting('wal_level')")).isEqualTo("logical");
            assertThat(single(url, "SELECT current_setting('server_version')")).startsWith("18.");

            postgres.stop();
            assertThatThrownBy(() -> single(url, "SELECT 1")).isInstanceOf(SQLException.class);
            postgres.start();

            assertThat(single(url, "SELECT name FROM items WHERE id = 1")).isEqualTo("first");
        }
    }

    @Test
    void start_fails_fast_when_the_port_is_taken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .dataDirectory(dir.resolve("unused"))
                    .port(taken.getLocalPort())
                    .build();

            assertThatThrownBy(postgres::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Port " + taken.getLocalPort() + " on 127.0.0.1 is already in use");
            assertThat(postgres.isRunning()).isFalse();
        }
    }

    @Test
    void a_durable_server_flushes_commits_to_disk() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .dataDirectory(dir.resolve("durable"))
                .durable(true)
                .build()) {
            postgres.start();
            String url = postgres.jdbcUrl("postgres");
            assertThat(single(url, "SELECT current_setting('fsync')")).isEqualTo("on");
            assertThat(single(url, "SELECT current_setting('synchronous_commit')"))
                    .isEqualTo("on");
        }
    }

    @Test
    void a_second_server_on_the_same_data_directory_is_refused_while_the_first_runs() {
        Path data = dir.resolve("shared-data");
        try (EmbeddedPostgres first =
                        EmbeddedPostgres.builder().dataDirectory(data).build();
                EmbeddedPostgres second =
                        EmbeddedPostgres.builder().dataDirectory(data).build()) {
            first.start();
            assertThatThrownBy(second::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by another process");
            assertThat(first.isRunning()).isTrue();
            first.stop();
            second.start(); // the lock went with the first server
            assertThat(second.isRunning()).isTrue();
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(url, EmbeddedPostgres.USER, EmbeddedPostgres.DEFAULT_PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String single(String url, String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(url, EmbeddedPostgres.USER, EmbeddedPostgres.DEFAULT_PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("a row from %s", sql).isTrue();
            return rows.getString(1);
        }
    }
}
