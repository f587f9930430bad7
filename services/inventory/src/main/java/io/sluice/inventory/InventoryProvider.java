package io.sluice.inventory;

import io.sluice.aws.AwsConfig;
import io.sluice.core.config.Settings;
import io.sluice.core.service.Flow;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.SluiceService;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers the inventory ({@code run inventory}: port 8080 or {@code PORT}; in {@code up} 8081, or a free port when
 * that is taken). Its keys are {@code services.inventory.*} ({@link InventoryConfig}). In {@code up} its dead letters
 * also go to the embedded S3 server's bucket {@value #UP_DLQ_BUCKET} unless {@code DLQ_S3_BUCKET} names another.
 */
public final class InventoryProvider implements SluiceService {
    static final int UP_HTTP_PORT = 8081;
    /** The dead-letter bucket in {@code up} unless {@code DLQ_S3_BUCKET} names one: on the embedded S3 server. */
    static final String UP_DLQ_BUCKET = "inventory-dlq";

    @Override
    public String name() {
        return InventoryConfig.NAME;
    }

    @Override
    public String title() {
        return "Inventory";
    }

    @Override
    public String description() {
        return "Debezium products and order items to stock levels (PostgreSQL), low-stock alerts, REST API on 8081";
    }

    @Override
    public Set<String> requires() {
        // S3: in `up`, dead letters are also written to the embedded S3 server (UP_DLQ_BUCKET).
        return Set.of(KAFKA, POSTGRES, S3);
    }

    /** After the CDC source, whose topics it reads. */
    @Override
    public int order() {
        return 17;
    }

    @Override
    public Map<String, String> environment() {
        return InventoryConfig.ENV;
    }

    /** The CDC topics to the inventory store, low-stock alerts to their topic. */
    @Override
    public Flow flow(Settings s) {
        Settings own = s.within(InventoryConfig.PREFIX);
        List<String> topics = java.util.Arrays.stream(own.string("kafka.topics", InventoryConfig.DEFAULT_TOPICS)
                        .split(","))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .toList();
        List<String> outputs = new java.util.ArrayList<>();
        outputs.add(own.string("alerts.topic", "inventory.low-stock-alerts").trim());
        topics.forEach(t -> outputs.add(t + ".dlq"));
        String store = own.string("store", "postgres").trim().toLowerCase(java.util.Locale.ROOT);
        return new Flow(
                List.of(),
                topics,
                outputs,
                List.of(
                        store.equals("dynamodb")
                                ? "dynamodb:"
                                        + own.string("dynamodb.table", "inventory-realtime")
                                                .trim()
                                : "postgres:inventory_products"),
                List.of(own.string("kafka.group_id", "inventory-service-group").trim()));
    }

    @Override
    public RunningService start(ServiceContext context) {
        Settings s = context.settings();
        String portKey = InventoryConfig.PREFIX + ".http.port";
        if (context.mode() == ServiceContext.Mode.UP && !s.isSet(portKey)) {
            s = s.withDefaults(
                    Map.of(portKey, context.useFreePort(UP_HTTP_PORT) ? "0" : Integer.toString(UP_HTTP_PORT)));
        } else if (context.mode() == ServiceContext.Mode.RUN) {
            s = InventoryConfig.withPort(s, System.getenv());
        }
        String bucketKey = InventoryConfig.PREFIX + ".dlq.s3_bucket";
        if (context.mode() == ServiceContext.Mode.UP && !s.isSet(bucketKey)) {
            s = s.withDefaults(Map.of(bucketKey, UP_DLQ_BUCKET));
        }
        InventoryConfig config = InventoryConfig.from(s);
        InventoryService service =
                InventoryService.start(config, AwsConfig.forService(s, InventoryConfig.PREFIX), context.registry());
        String url = "http://localhost:" + service.httpPort();
        return RunningService.of(
                service.httpPort(),
                List.of(
                        "topics " + String.join(", ", config.topics()) + ", store "
                                + config.store().name().toLowerCase(java.util.Locale.ROOT),
                        "low-stock alerts (< " + config.lowStockThreshold() + ") to " + config.alertTopic(),
                        "dead letters to <topic>.dlq"
                                + (config.dlqS3Bucket() == null
                                        ? ""
                                        : " and s3://" + config.dlqS3Bucket() + "/dlq/inventory-service/")),
                List.of(
                        "curl " + url + "/inventory/1",
                        "curl '" + url + "/inventory/low-stock?threshold=10'",
                        "./sluice inventory get 1"),
                service::health,
                service);
    }
}
