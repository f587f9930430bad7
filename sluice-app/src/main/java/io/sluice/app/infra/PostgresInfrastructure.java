package io.sluice.app.infra;

import io.sluice.core.config.Settings;
import io.sluice.core.service.Infrastructure;
import io.sluice.core.service.SluiceService;
import io.sluice.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.Map;

/**
 * PostgreSQL for {@code sluice up}: a durable {@link EmbeddedPostgres} unless {@code database.host} names a server.
 * Its port is {@code database.port} (default 5434, 0 for a free one); data in {@code <data dir>/postgres}; the
 * superuser's password is {@code database.password} (default {@code postgres}), required on every connection; the
 * binaries in the private {@link EmbeddedPostgres#defaultBinariesDirectory()}.
 */
public final class PostgresInfrastructure implements Infrastructure {
    /** The port services use by default (the same as {@code io.sluice.db.DatabaseConfig.DEFAULT_PORT}). */
    static final int DEFAULT_PORT = 5434;

    @Override
    public String name() {
        return SluiceService.POSTGRES;
    }

    @Override
    public String title() {
        return "PostgreSQL";
    }

    @Override
    public boolean isExternal(Settings settings) {
        return settings.isSet("database.host");
    }

    @Override
    public String address(Settings settings) {
        return settings.string("database.host", "") + ":" + settings.string("database.port", "" + DEFAULT_PORT);
    }

    @Override
    public Running start(Settings settings, Path dataDir) {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .dataDirectory(dataDir.resolve("postgres"))
                .port(settings.integer("database.port", DEFAULT_PORT, 0, 65535))
                .stopOnJvmExit(false)
                .durable(true)
                .password(settings.string("database.password", EmbeddedPostgres.DEFAULT_PASSWORD))
                .build();
        try {
            postgres.start();
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        return new Running() {
            @Override
            public Map<String, String> settings() {
                return Map.of(
                        "database.host", postgres.host(),
                        "database.port", Integer.toString(postgres.port()),
                        "database.user", EmbeddedPostgres.USER,
                        "database.password", postgres.password());
            }

            @Override
            public String address() {
                return postgres.host() + ":" + postgres.port();
            }

            @Override
            public String description() {
                return "embedded, data in " + postgres.dataDirectory();
            }

            @Override
            public void close() {
                postgres.close();
            }
        };
    }
}
