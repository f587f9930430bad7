package io.sluice.cdcsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CdcSourceConfigTest {
    private static final Path DATA = Path.of("/tmp/sluice-data");

    private static CdcSourceConfig config(Map<String, String> values, boolean up) {
        return CdcSourceConfig.from(Settings.of(values), DATA, up);
    }

    @Test
    void defaults_are_the_originals_connector_on_the_shop_database() {
        CdcSourceConfig c = config(Map.of("database.name", "text_messages_db", "database.host", "db"), true);
        assertThat(c.database().name()).as("never the root database.name").isEqualTo("shop");
        assertThat(c.database().host()).isEqualTo("db");
        assertThat(c.database().port()).isEqualTo(5434);
        assertThat(c.topics())
                .containsExactly(
                        "dbserver1.public.products", "dbserver1.public.orders", "dbserver1.public.order_items");
        assertThat(c.envelope()).isEqualTo(CdcSourceConfig.Envelope.FLATTENED);
        assertThat(c.offsetsFile()).isEqualTo(DATA.resolve("cdc-source").resolve("offsets.dat"));
        assertThat(c.http().port()).isEqualTo(8085);
        assertThat(c.createSchema()).isTrue();
        assertThat(config(Map.of(), false).createSchema())
                .as("run creates nothing in a database it is pointed at")
                .isFalse();
    }

    @Test
    void namespaced_database_keys_win_over_the_shared_ones() {
        CdcSourceConfig c = config(
                Map.of(
                        "database.host", "shared",
                        "services.cdc-source.database.host", "shop-db",
                        "services.cdc-source.database.port", "5432",
                        "services.cdc-source.database.name", "orders_db"),
                false);
        assertThat(c.database().jdbcUrl()).isEqualTo("jdbc:postgresql://shop-db:5432/orders_db");
    }

    @Test
    void bad_values_are_refused_naming_the_key_written() {
        assertThatThrownBy(() -> config(Map.of("services.cdc-source.envelope", "nested"), true))
                .isInstanceOf(ConfigException.class)
                .hasMessage("services.cdc-source.envelope must be flattened or full, got 'nested'");
        assertThatThrownBy(() -> config(Map.of("services.cdc-source.slot_name", "My-Slot"), true))
                .isInstanceOf(ConfigException.class)
                .hasMessage("services.cdc-source.slot_name must be a lower-case PostgreSQL identifier (letters,"
                        + " digits, underscores), got 'My-Slot'");
        assertThatThrownBy(() -> config(Map.of("services.cdc-source.http.port", "99999"), true))
                .isInstanceOf(ConfigException.class)
                .hasMessage("services.cdc-source.http.port must be between 0 and 65535, got 99999");
    }

    @Test
    void the_engine_gets_the_originals_transform_unless_the_full_envelope_is_asked_for() {
        Properties flat = EngineProperties.of(config(Map.of(), true));
        assertThat(flat)
                .containsEntry("plugin.name", "pgoutput")
                .containsEntry("snapshot.mode", "initial")
                .containsEntry("topic.prefix", "dbserver1")
                .containsEntry("transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState")
                .containsEntry("transforms.unwrap.delete.tombstone.handling.mode", "rewrite-with-tombstone")
                .containsEntry("transforms.unwrap.add.fields", "op,source.ts_ms,source.db,source.table,lsn")
                .containsEntry("converter.schemas.enable", "true");
        Properties full = EngineProperties.of(config(
                Map.of(
                        "services.cdc-source.envelope", "full",
                        "services.cdc-source.debezium.decimal.handling.mode", "string"),
                true));
        assertThat(full).doesNotContainKey("transforms").containsEntry("decimal.handling.mode", "string");
    }
}
