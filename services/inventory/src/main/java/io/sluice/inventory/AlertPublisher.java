package io.sluice.inventory;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.json.Json;
import io.sluice.core.lifecycle.BackgroundWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the store's unpublished low-stock alerts to the alert topic (key: the product id; value: JSON), then marks
 * them published. Runs on a {@link BackgroundWorker}, woken after every batch that raised one and otherwise every few
 * seconds. At-least-once: a crash between the send and the mark sends an alert again.
 */
final class AlertPublisher implements BackgroundWorker.Task {
    private static final Logger log = LoggerFactory.getLogger(AlertPublisher.class);
    private static final int PAGE = 500;
    private static final Duration IDLE = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = Json.mapper();

    private final InventoryStore store;
    private final Producer<String, String> producer;
    private final String topic;
    private boolean failing;

    AlertPublisher(InventoryStore store, Producer<String, String> producer, String topic) {
        this.store = store;
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public Duration runOnce() throws Exception {
        List<LowStockAlert> alerts = store.unpublishedAlerts(PAGE);
        if (alerts.isEmpty()) {
            return IDLE;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(alerts.size());
        for (LowStockAlert a : alerts) {
            sent.add(producer.send(
                    new ProducerRecord<>(topic, Long.toString(a.productId()), JSON.writeValueAsString(body(a)))));
        }
        producer.flush();
        for (Future<RecordMetadata> f : sent) {
            f.get();
        }
        store.markPublished(alerts);
        if (failing) {
            log.info("{}: publishing low-stock alerts to {} again", InventoryConfig.SERVICE, topic);
            failing = false;
        }
        return alerts.size() == PAGE ? Duration.ZERO : IDLE;
    }

    static Map<String, Object> body(LowStockAlert a) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("product_id", a.productId());
        body.put("stock_quantity", a.stock());
        body.put("threshold", a.threshold());
        body.put("raised_at", a.raisedAt().toString());
        body.put(
                "message",
                "LOW STOCK ALERT: product_id=" + a.productId() + " has only " + a.stock() + " items remaining");
        return body;
    }

    @Override
    public void failed(Exception e, Duration backoff) {
        if (!failing) {
            log.warn(
                    "{}: could not publish low-stock alerts to {} (kept, retrying in {} ms): {}",
                    InventoryConfig.SERVICE,
                    topic,
                    backoff.toMillis(),
                    e.toString());
            failing = true;
        }
    }
}
