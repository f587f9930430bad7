package io.sluice.requestevents.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.sluice.core.consumer.Decoded;
import io.sluice.db.TransactionalSink;
import io.sluice.producer.Event;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Writes a batch of events to SQLite, each in its table by type, and the batch's offsets in the same transaction
 * (exactly-once rows). {@code http_request}, {@code http_response} and {@code error} go to the original's tables (docs/origins.md#request-events-sqlite-tables) with
 * missing fields as NULL ({@code response_time_ms} 0); any other type goes to {@code events} with its data as JSON
 * text. {@code INSERT OR IGNORE} on the unique {@code event_id}: a copy of a stored event changes nothing.
 *
 * <p>With tracing on, each batch is one {@code CONSUMER} span linked to the trace context each record carries.
 */
public final class EventSink extends TransactionalSink<StoredEvent> {
    private static final int MAX_LINKS = 128;
    private static final String REQUESTS =
            "INSERT OR IGNORE INTO http_requests (timestamp, user_ip, method, endpoint, hostname, os, event_id,"
                    + " event_timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String RESPONSES =
            "INSERT OR IGNORE INTO http_responses (timestamp, user_ip, status_code, response_time_ms, event_id,"
                    + " event_timestamp) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String ERRORS =
            "INSERT OR IGNORE INTO errors (timestamp, error_message, error_type, endpoint, event_id, event_timestamp)"
                    + " VALUES (?, ?, ?, ?, ?, ?)";
    private static final String OTHERS =
            "INSERT OR IGNORE INTO events (timestamp, event_type, data, topic, event_id, event_timestamp)"
                    + " VALUES (?, ?, ?, ?, ?, ?)";

    private static final TextMapGetter<Headers> HEADERS = (carrier, key) -> {
        Header h = carrier == null ? null : carrier.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    };

    private final OpenTelemetry otel;
    private final Tracer tracer;
    private final boolean tracing;

    public EventSink(DataSource dataSource, String groupId, OpenTelemetry otel, boolean tracing) {
        super(dataSource, groupId, "the event store");
        this.otel = otel;
        this.tracer = otel.getTracer("io.sluice.requestevents");
        this.tracing = tracing;
    }

    @Override
    protected void writeRows(Connection c, List<Decoded<StoredEvent>> records) throws SQLException {
        Span span = tracing ? span(records) : Span.getInvalid();
        try (PreparedStatement requests = c.prepareStatement(REQUESTS);
                PreparedStatement responses = c.prepareStatement(RESPONSES);
                PreparedStatement errors = c.prepareStatement(ERRORS);
                PreparedStatement others = c.prepareStatement(OTHERS)) {
            String now = Event.TIMESTAMP.format(Instant.now());
            for (Decoded<StoredEvent> d : records) {
                StoredEvent e = d.value();
                JsonNode data = e.data();
                switch (e.eventType()) {
                    case "http_request" -> {
                        requests.setString(1, now);
                        requests.setString(2, text(data, "user_ip"));
                        requests.setString(3, text(data, "method"));
                        requests.setString(4, text(data, "endpoint"));
                        requests.setString(5, text(data, "hostname"));
                        requests.setString(6, text(data, "os"));
                        requests.setString(7, e.eventId());
                        requests.setString(8, e.eventTimestamp());
                        requests.addBatch();
                    }
                    case "http_response" -> {
                        responses.setString(1, now);
                        responses.setString(2, text(data, "user_ip"));
                        JsonNode status = data.get("status_code");
                        if (status != null && status.canConvertToInt()) {
                            responses.setInt(3, status.asInt());
                        } else {
                            responses.setNull(3, Types.INTEGER);
                        }
                        JsonNode time = data.get("response_time_ms");
                        responses.setDouble(4, time != null && time.isNumber() ? time.asDouble() : 0.0);
                        responses.setString(5, e.eventId());
                        responses.setString(6, e.eventTimestamp());
                        responses.addBatch();
                    }
                    case "error" -> {
                        errors.setString(1, now);
                        errors.setString(2, text(data, "error_message"));
                        errors.setString(3, text(data, "error_type"));
                        errors.setString(4, text(data, "endpoint"));
                        errors.setString(5, e.eventId());
                        errors.setString(6, e.eventTimestamp());
                        errors.addBatch();
                    }
                    default -> {
                        others.setString(1, now);
                        others.setString(2, e.eventType());
                        others.setString(3, data.toString());
                        others.setString(4, d.topic());
                        others.setString(5, e.eventId());
                        others.setString(6, e.eventTimestamp());
                        others.addBatch();
                    }
                }
            }
            requests.executeBatch();
            responses.executeBatch();
            errors.executeBatch();
            others.executeBatch();
        } catch (SQLException | RuntimeException e) {
            span.recordException(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private Span span(List<Decoded<StoredEvent>> records) {
        SpanBuilder b = tracer.spanBuilder(records.getFirst().topic() + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setNoParent()
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", records.getFirst().topic())
                .setAttribute("messaging.batch.message_count", records.size());
        int links = 0;
        for (Decoded<StoredEvent> d : records) {
            if (links >= MAX_LINKS) {
                break;
            }
            Context ctx = otel.getPropagators()
                    .getTextMapPropagator()
                    .extract(Context.root(), d.source().headers(), HEADERS);
            SpanContext sc = Span.fromContext(ctx).getSpanContext();
            if (sc.isValid()) {
                b.addLink(sc);
                links++;
            }
        }
        return b.startSpan();
    }

    /** A text field, NULL when absent or null; other JSON values are stored as their JSON text. */
    private static String text(JsonNode data, String field) {
        JsonNode v = data.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }
}
