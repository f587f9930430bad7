package io.sluice.activity.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.Json;
import java.io.IOException;

/** EnrichedEvent JSON values for tests, shaped as the ingestion API writes them. */
final class Events {
    private Events() {}

    /** An event with every field of SPEC.md §3.3. */
    static String event(String id, String type, String user, String session, String page, String timestamp) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("event_id", id);
        n.put("request_id", "req-" + id);
        n.put("event_type", type);
        n.put("timestamp", timestamp);
        n.put("user_id", user);
        if (session != null) {
            n.put("session_id", session);
        }
        if (page != null) {
            n.put("page_url", page);
        }
        n.putObject("event_data")
                .put("button_clicked", "submit")
                .putObject("form_data")
                .put("field1", "value1");
        n.putObject("client_info")
                .put("user_agent", "Mozilla/5.0")
                .put("screen_resolution", "1920x1080")
                .put("language", "en-US");
        n.putObject("service_info")
                .put("service_name", "ingestion-service")
                .put("service_version", "1.0.0")
                .put("environment", "development");
        n.putObject("processing_info")
                .put("received_at", timestamp)
                .put("processed_at", timestamp)
                .put("processing_ms", 5);
        return n.toString();
    }

    static String userOf(String value) {
        try {
            JsonNode n = Json.mapper().readTree(value);
            return n != null && n.path("user_id").isTextual() ? n.get("user_id").asText() : "none";
        } catch (IOException e) {
            return "none";
        }
    }
}
