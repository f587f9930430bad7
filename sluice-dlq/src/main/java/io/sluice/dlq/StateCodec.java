package io.sluice.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The state topic's value: {@code {"status": "replayed", "history": [{"action", "at", "by", "to": {"topic",
 * "partition", "offset"}, "note"}]}}, times ISO-8601 UTC. Stateless.
 */
final class StateCodec {
    private StateCodec() {}

    /** The state topic's record of {@code id} in {@code state}. */
    static ProducerRecord<byte[], byte[]> record(DeadLetterId id, DeadLetterState state) {
        return new ProducerRecord<>(
                DeadLetters.STATE_TOPIC, id.toString().getBytes(StandardCharsets.UTF_8), encode(state));
    }

    static byte[] encode(DeadLetterState state) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("status", state.status().label());
        ArrayNode history = root.putArray("history");
        for (DeadLetterAction a : state.history()) {
            ObjectNode n = history.addObject();
            n.put("action", a.action());
            n.put("at", a.at().toString());
            n.put("by", a.by());
            if (a.to() == null) {
                n.putNull("to");
            } else {
                n.putObject("to")
                        .put("topic", a.to().topic())
                        .put("partition", a.to().partition())
                        .put("offset", a.to().offset());
            }
            n.put("note", a.note());
        }
        try {
            return Json.mapper().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a dead-letter state", e);
        }
    }

    /**
     * @throws IllegalArgumentException when the value is not a state this codec wrote
     */
    static DeadLetterState decode(byte[] value) {
        try {
            JsonNode root = Json.mapper().readTree(value);
            DeadLetterStatus status = DeadLetterStatus.parse(root.path("status").asText());
            List<DeadLetterAction> history = new ArrayList<>();
            for (JsonNode n : root.path("history")) {
                JsonNode to = n.path("to");
                history.add(new DeadLetterAction(
                        n.path("action").asText(),
                        Instant.parse(n.path("at").asText()),
                        text(n.path("by")),
                        to.isObject()
                                ? new RecordPosition(
                                        text(to.path("topic")),
                                        to.path("partition").isNumber()
                                                ? to.path("partition").intValue()
                                                : null,
                                        to.path("offset").isNumber()
                                                ? to.path("offset").longValue()
                                                : null)
                                : null,
                        text(n.path("note"))));
            }
            return new DeadLetterState(status, history);
        } catch (IOException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a dead-letter state: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.textValue() : null;
    }
}
