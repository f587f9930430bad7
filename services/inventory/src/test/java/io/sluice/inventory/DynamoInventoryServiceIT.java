package io.sluice.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.aws.AwsClients;
import io.sluice.aws.AwsConfig;
import io.sluice.core.config.Settings;
import io.sluice.core.json.Json;
import io.sluice.http.Metrics;
import io.sluice.testkit.DebeziumFixtures;
import io.sluice.testkit.Dynalite;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.S3Server;
import io.sluice.testkit.TestHttp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The service with {@code services.inventory.store=dynamodb} (on dynalite) and {@code DLQ_S3_BUCKET} (on the embedded
 * S3 server), through a real broker, fed with the captured Debezium run {@link InventoryKafkaIT} uses: the same
 * stock, and every dead letter also in S3 under the seed's key layout.
 */
@ExtendWith({KafkaBroker.class, Dynalite.class, S3Server.class})
class DynamoInventoryServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void captured_events_reach_dynamodb_and_dead_letters_reach_s3_too() throws Exception {
        String products = KafkaBroker.freshTopic("products", 1);
        String items = KafkaBroker.freshTopic("order_items", 1);
        String bucket = "dlq-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> s = new HashMap<>(Dynalite.settings());
        s.putAll(S3Server.settings());
        s.put("kafka.bootstrap_servers", KafkaBroker.bootstrapServers());
        s.put("services.inventory.kafka.topics", products + "," + items);
        s.put("services.inventory.kafka.group_id", "inv-" + System.nanoTime());
        s.put("services.inventory.kafka.partitions", "1");
        s.put("services.inventory.http.port", "0");
        s.put("http.host", "127.0.0.1");
        s.put("services.inventory.store", "dynamodb");
        s.put(
                "services.inventory.dynamodb.table",
                "inventory-" + UUID.randomUUID().toString().substring(0, 8));
        s.put("services.inventory.dlq.s3_bucket", bucket);
        s.put("services.inventory.batch.linger_ms", "0");
        Settings settings = Settings.of(s);
        AwsConfig aws = AwsConfig.forService(settings, InventoryConfig.PREFIX);

        try (InventoryService service =
                        InventoryService.start(InventoryConfig.from(settings), aws, Metrics.prometheus());
                S3Client s3 = AwsClients.s3(aws)) {
            TestHttp http = new TestHttp("http://localhost:" + service.httpPort());
            produce(DebeziumFixtures.load("flattened"), products, items);

            await().atMost(WAIT).until(() -> stock(http, 2) == 152);
            assertThat(stock(http, 1)).isEqualTo(49);
            assertThat(http.get("/inventory/3").statusCode()).as("deleted").isEqualTo(404);
            assertThat(TestHttp.json(http.get("/inventory/1")).get("price").asText())
                    .isEqualTo("1299.99");
            assertThat(TestHttp.json(http.get("/health")).toString()).contains("dynamodb");

            // The three orders events are no inventory input: dead-lettered, and copied to S3.
            String prefix = "dlq/inventory-service/" + items + "/";
            await().atMost(WAIT)
                    .until(() -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix))
                                    .keyCount()
                            == 3);
            List<S3Object> letters =
                    s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents();
            assertThat(letters).allSatisfy(o -> assertThat(o.key()).matches(prefix + "\\d{8}_\\d{6}_\\d{6}\\.json"));
            JsonNode body = Json.mapper()
                    .readTree(s3.getObjectAsBytes(
                                    b -> b.bucket(bucket).key(letters.getFirst().key()))
                            .asByteArray());
            assertThat(body.get("topic").asText()).isEqualTo(items);
            assertThat(body.get("service").asText()).isEqualTo("inventory-service");
            assertThat(body.get("error").asText()).contains("unknown table 'orders'");
            assertThat(body.get("message").asText()).contains("\"total_amount\"");
        }
    }

    private static long stock(TestHttp http, long id) {
        var response = http.get("/inventory/" + id);
        return response.statusCode() == 200
                ? TestHttp.json(response).get("stock_quantity").asLong()
                : Long.MIN_VALUE;
    }

    private static void produce(List<DebeziumFixtures.Line> lines, String products, String items) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (DebeziumFixtures.Line l : lines) {
                if (l.topic().endsWith(".measures")) {
                    continue;
                }
                producer.send(
                        new ProducerRecord<>(l.topic().endsWith(".products") ? products : items, l.key(), l.value()));
            }
            producer.flush();
        }
    }
}
