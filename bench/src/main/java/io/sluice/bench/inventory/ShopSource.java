package io.sluice.bench.inventory;

import io.sluice.core.config.Settings;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.ServiceMain;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import io.sluice.db.DatabaseConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * A shop database with the CDC source on it, started in this process through the service registry ({@code
 * cdc-source}, Debezium embedded): it creates the shop's tables, then publishes every change to {@code
 * <prefix>.public.products|orders|order_items} (3 partitions each, the flattened format). Slot and publication are
 * named for this run; {@link #close()} stops the source and drops its slot (a database with a slot cannot be
 * dropped). Not thread-safe.
 */
final class ShopSource implements AutoCloseable {
    static final String SERVICE = "cdc-source";

    private final DatabaseConfig shop;
    private final String slot;
    private final RunningService running;

    private ShopSource(DatabaseConfig shop, String slot, RunningService running) {
        this.shop = shop;
        this.slot = slot;
        this.running = running;
    }

    /** Starts the source on {@code shop} (an empty database) and returns once it serves. */
    static ShopSource start(String bootstrapServers, DatabaseConfig shop, CdcTopics topics, Path dataDir) {
        String slot = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String own = "services." + SERVICE + ".";
        Map<String, String> s = new LinkedHashMap<>();
        s.put("kafka.bootstrap_servers", bootstrapServers);
        s.put("database.host", shop.host());
        s.put("database.port", Integer.toString(shop.port()));
        s.put("database.user", shop.user());
        s.put("database.password", shop.password());
        s.put("http.host", "127.0.0.1");
        s.put(own + "database.name", shop.name());
        s.put(own + "slot_name", slot);
        s.put(own + "publication_name", slot);
        s.put(own + "topic_prefix", topics.prefix());
        s.put(own + "topics.partitions", Integer.toString(CdcTopics.PARTITIONS));
        s.put(
                own + "offsets.file",
                dataDir.resolve("cdc-source-offsets-" + slot + ".dat").toString());
        s.put(own + "create_schema", "true");
        s.put(own + "http.port", "0");
        SluiceService service = ServiceRegistry.load().service(SERVICE);
        RunningService running = service.start(new ServiceContext(
                ServiceRegistry.settingsFor(service, Settings.of(s)),
                ServiceMain.prometheus(),
                ServiceContext.Mode.RUN,
                dataDir));
        return new ShopSource(shop, slot, running);
    }

    /** A new auto-commit connection to the shop database. */
    Connection connect() throws SQLException {
        return connect(shop);
    }

    static Connection connect(DatabaseConfig db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        p.setProperty("password", db.password());
        return DriverManager.getConnection(db.jdbcUrl(), p);
    }

    @Override
    public void close() {
        running.close();
        // The engine lets go of the slot a moment after it stops.
        for (int attempt = 0; attempt < 50; attempt++) {
            try (Connection c = connect();
                    PreparedStatement ps = c.prepareStatement("SELECT count(pg_drop_replication_slot(slot_name)) FROM"
                            + " pg_replication_slots WHERE slot_name = ? AND NOT active")) {
                ps.setString(1, slot);
                ps.execute();
                try (PreparedStatement left =
                        c.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
                    left.setString(1, slot);
                    if (!left.executeQuery().next()) {
                        return;
                    }
                }
                Thread.sleep(100);
            } catch (SQLException e) {
                return; // the server is gone (stopped with the environment): so is the slot's database
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
