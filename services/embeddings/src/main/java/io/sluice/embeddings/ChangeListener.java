package io.sluice.embeddings;

import io.sluice.core.lifecycle.BackgroundWorker;
import io.sluice.db.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on its own connection for the notifications the migration's triggers send ({@code
 * sluice_embeddings_pending}: new or edited messages; {@code sluice_embeddings_deleted}: embeddings gone) and hands
 * them to the projection. Notifications are hints, never the guarantee: after every (re)connection, since some may
 * have been missed, it asks for a full sweep and a reconciliation. Reconnects with backoff (500 ms doubling to 10 s)
 * on its own {@link BackgroundWorker}.
 */
final class ChangeListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);
    static final String PENDING = "sluice_embeddings_pending";
    static final String DELETED = "sluice_embeddings_deleted";

    /** What the listener reports; called on the listener's thread. */
    interface Events {
        /** Messages that may need an embedding; null means "too many to name: sweep". */
        void pending(Set<UUID> ids);

        /** Embeddings deleted; null means "too many to name: reconcile". */
        void deleted(Set<UUID> ids);
    }

    private final DatabaseConfig db;
    private final Events events;
    private final BackgroundWorker worker;
    private volatile boolean connected;
    private boolean warned; // the worker's thread alone

    ChangeListener(DatabaseConfig db, Events events) {
        this.db = db;
        this.events = events;
        this.worker = new BackgroundWorker(
                "embeddings-listener",
                Duration.ofMillis(500),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                new BackgroundWorker.Task() {
                    @Override
                    public Duration runOnce() throws SQLException {
                        return listen();
                    }

                    @Override
                    public void failed(Exception e, Duration backoff) {
                        connected = false;
                        if (!warned) {
                            log.warn(
                                    "change notifications unavailable ({}); retrying, the periodic sweep covers"
                                            + " meanwhile",
                                    e.getMessage());
                            warned = true;
                        }
                    }
                });
    }

    ChangeListener start() {
        worker.start();
        return this;
    }

    boolean isConnected() {
        return connected;
    }

    /** One connection, listened on until it fails or the listener closes. */
    private Duration listen() throws SQLException {
        try (Connection c = connect()) {
            try (Statement st = c.createStatement()) {
                st.execute("LISTEN " + PENDING);
                st.execute("LISTEN " + DELETED);
            }
            connected = true;
            worker.succeeded();
            if (warned) {
                log.info("listening for changes again");
                warned = false;
            }
            events.pending(null);
            events.deleted(null);
            PGConnection pg = c.unwrap(PGConnection.class);
            while (worker.isOpen()) {
                PGNotification[] batch = pg.getNotifications(500);
                if (batch != null) {
                    dispatch(batch);
                }
            }
            return Duration.ZERO;
        }
    }

    private void dispatch(PGNotification[] batch) {
        Set<UUID> pending = new LinkedHashSet<>();
        Set<UUID> deleted = new LinkedHashSet<>();
        boolean sweep = false;
        boolean reconcile = false;
        for (PGNotification n : batch) {
            boolean isPending = PENDING.equals(n.getName());
            Set<UUID> ids = parse(n.getParameter());
            if (ids == null) {
                sweep |= isPending;
                reconcile |= !isPending;
            } else {
                (isPending ? pending : deleted).addAll(ids);
            }
        }
        if (!deleted.isEmpty() || reconcile) {
            events.deleted(reconcile ? null : deleted);
        }
        if (!pending.isEmpty() || sweep) {
            events.pending(sweep ? null : pending);
        }
    }

    /** The ids of a payload, or null for {@code *} or anything unreadable. */
    static Set<UUID> parse(String payload) {
        if (payload == null || payload.isBlank() || payload.equals("*")) {
            return null;
        }
        try {
            Set<UUID> ids = new LinkedHashSet<>();
            Arrays.stream(payload.split(","))
                    .map(String::trim)
                    .map(UUID::fromString)
                    .forEach(ids::add);
            return ids;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        p.setProperty("password", db.password());
        p.setProperty("ApplicationName", "embeddings-listener");
        p.setProperty("connectTimeout", "5");
        p.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(db.jdbcUrl(), p);
    }

    /** Stops listening (within the half second a wait for notifications takes) and closes the connection. */
    @Override
    public void close() {
        worker.close();
    }
}
