package io.sluice.bench;

import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;

/** The testkit's shared broker and PostgreSQL, given to a benchmark as external servers. */
public final class ExternalServers {
    private ExternalServers() {}

    public static ServerOptions testkit() {
        TestDatabase any = Postgres.freshDatabase("bench_probe");
        return ServerOptions.external(
                KafkaBroker.bootstrapServers(),
                "jdbc:postgresql://" + any.host() + ":" + any.port() + "/",
                any.user(),
                any.password());
    }
}
