package io.sluice.embeddings;

import io.sluice.db.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
 * have been missed, it asks for a full sweep and a reconciliation. Reconnects with backoff on its own thread.
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
    private final Thread thread;
    private volatile boolean open = true;
    private volatile boolean connected;
    private volatile Connection connection;

    ChangeListener(DatabaseConfig db, Events events) {
        this.db = db;
        this.events = events;
        this.thread = new Thread(this::run, "embeddings-listener");
        this.thread.setDaemon(true);
    }

    ChangeListener start() {
        thread.start();
        return this;
    }

    boolean isConnected() {
        return connected;
    }

    private void run() {
        long backoff = 500;
        boolean warned = false;
        while (open) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + PENDING);
                    st.execute("LISTEN " + DELETED);
                }
                connected = true;
                if (warned) {
                    log.info("listening for changes again");
                    warned = false;
                }
                backoff = 500;
                events.pending(null);
                events.deleted(null);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (open) {
                    PGNotification[] batch = pg.getNotifications(500);
                    if (batch != null) {
                        dispatch(batch);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                connected = false;
                if (!open) {
                    return;
                }
                if (!warned) {
                    log.warn(
                            "change notifications unavailable ({}); retrying, the periodic sweep covers meanwhile",
                            e.getMessage());
                    warned = true;
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
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

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            open = false;
        }
    }

    @Override
    public void close() {
        open = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
