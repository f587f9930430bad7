package io.sluice.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 6: the binaries live in a private directory, and every connection needs the password.
 */
class EmbeddedPostgresSecurityIT {
    @TempDir
    Path dir;

    @Test
    void the_binaries_are_extracted_to_a_new_directory_only_its_owner_may_enter() throws Exception {
        Path bin = dir.resolve("cache").resolve("pg-bin");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .dataDirectory(dir.resolve("data"))
                .binariesDirectory(bin)
                .build()) {
            postgres.start();

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bin)))
                    .isEqualTo("rwx------");
            try (var files = Files.list(bin)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("no password file left")
                        .allMatch(n -> n.startsWith("PG-"));
            }
        }
    }

    @Test
    void a_world_writable_binaries_directory_is_tightened_before_use() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

        PrivateDirectory.ensure(shared);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)))
                .isEqualTo("rwx------");
    }

    @Test
    void the_default_binaries_directory_is_not_under_tmp() {
        assertThat(EmbeddedPostgres.defaultBinariesDirectory().toString())
                .doesNotStartWith(System.getProperty("java.io.tmpdir"))
                .endsWith(Path.of("sluice", "pg-bin").toString());
    }

    @Test
    void a_wrong_or_missing_password_is_refused_and_the_configured_one_connects() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .dataDirectory(dir.resolve("data"))
                .password("s3cret")
                .build()) {
            postgres.start();
            String url = postgres.jdbcUrl("postgres");

            assertRefused(url, "postgres");
            assertRefused(url, "");
            try (Connection c = DriverManager.getConnection(url, EmbeddedPostgres.USER, "s3cret")) {
                assertThat(c.isValid(5)).isTrue();
            }
            assertThat(Files.readString(postgres.dataDirectory().resolve("pg_hba.conf")))
                    .doesNotContainPattern("(?m)^[^#].*\\btrust\\s*$");
        }
    }

    @Test
    void a_cluster_created_with_trust_requires_the_password_from_its_next_start() throws Exception {
        Path data = dir.resolve("legacy");
        // What earlier versions created: zonky's defaults, trust for everyone.
        try (var legacy = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(
                        EmbeddedPostgres.defaultBinariesDirectory().toFile())
                .setRegisterShutdownHook(false)
                .start()) {
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).containsPattern("(?m)^host.*trust\\s*$");
        }

        try (EmbeddedPostgres postgres =
                EmbeddedPostgres.builder().dataDirectory(data).build()) {
            postgres.start();
            String url = postgres.jdbcUrl("postgres");

            assertRefused(url, "wrong");
            try (Connection c =
                    DriverManager.getConnection(url, EmbeddedPostgres.USER, EmbeddedPostgres.DEFAULT_PASSWORD)) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
    }

    private static void assertRefused(String url, String password) {
        assertThatThrownBy(() -> DriverManager.getConnection(url, EmbeddedPostgres.USER, password)
                        .close())
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("28P01", "08004"));
    }
}
