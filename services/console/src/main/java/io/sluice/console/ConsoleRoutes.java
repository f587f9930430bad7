package io.sluice.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.console.KafkaView.Group;
import io.sluice.console.KafkaView.TopicOffsets;
import io.sluice.console.Sampler.Snapshot;
import io.sluice.http.ApiException;
import io.sluice.http.JsonBody;
import io.sluice.http.RouteAccess;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's JSON API (docs/console-api.md) except the dead letters ({@code io.sluice.console.dlq}): thin
 * handlers that parse, call and render. Bad parameters are 400 naming the field; an unknown service or topic 404;
 * Kafka out of reach 503.
 */
final class ConsoleRoutes {
    private final Sampler sampler;
    private final KafkaView kafka;
    private final MessageBrowser browser;
    private final Producing producing;
    private final DataProxy proxy;
    private final ConsoleEvents events;
    private final JsonBody json;

    ConsoleRoutes(
            Sampler sampler,
            KafkaView kafka,
            MessageBrowser browser,
            Producing producing,
            DataProxy proxy,
            ConsoleEvents events,
            JsonBody json) {
        this.sampler = sampler;
        this.kafka = kafka;
        this.browser = browser;
        this.producing = producing;
        this.proxy = proxy;
        this.events = events;
        this.json = json;
    }

    void register(RoutesConfig r) {
        r.get("/api/overview", ctx -> ctx.json(overview(sampler.latest())));
        r.get("/api/services", ctx -> ctx.json(services(sampler.latest())));
        r.get("/api/services/{name}", this::service);
        r.get("/api/services/{name}/history", this::history);
        r.get("/api/topics", this::topics);
        r.get("/api/topics/{name}", this::topic);
        r.get("/api/topics/{name}/messages", this::messages);
        r.post("/api/topics/{name}/messages", this::produce, RouteAccess.CONTROL);
        r.get("/api/groups", this::groups);
        r.get(
                "/api/proxy/{service}/<path>",
                ctx -> proxy.forward(ctx, ctx.pathParam("service"), ctx.pathParam("path"), false));
        r.post(
                "/api/proxy/{service}/<path>",
                ctx -> proxy.forward(ctx, ctx.pathParam("service"), ctx.pathParam("path"), true),
                RouteAccess.CONTROL);
        r.sse("/api/stream", client -> {
            client.sendEvent("overview", overview(sampler.latest())); // before the sender thread may write to it
            events.add(client);
        });
    }

    Map<String, Object> overview(Snapshot snap) {
        return Overview.overview(sampler.services(), snap, Overview.dlqCounts(snap));
    }

    private List<Map<String, Object>> services(Snapshot snap) {
        return sampler.services().stream().map(s -> Overview.row(s, snap)).toList();
    }

    private ServiceInfo known(String name) {
        return sampler.services().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ApiException(404, "Unknown service", Map.of("service", name)));
    }

    private void service(Context ctx) {
        ServiceInfo s = known(ctx.pathParam("name"));
        Snapshot snap = sampler.latest();
        Map<String, Object> out = Overview.row(s, snap);
        var probe = snap.probes().get(s.name());
        out.put("health_details", ServiceProbe.masked(probe == null ? null : probe.healthBody()));
        out.put("flow", s.flow());
        List<Map<String, Object>> groups = new ArrayList<>();
        for (String g : s.flow().groups()) {
            Group group = snap.groups().get(g);
            if (group != null) {
                groups.add(Overview.group(group, snap.topics(), null));
            }
        }
        out.put("groups", groups);
        ctx.json(out);
    }

    private void history(Context ctx) {
        ServiceInfo s = known(ctx.pathParam("name"));
        int minutes = intParam(ctx, "minutes", 60, 1, 1440);
        long from = sampler.latest().at().getEpochSecond() - minutes * 60L;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service", s.name());
        out.put("minutes", minutes);
        out.putAll(sampler.series(s.name()).history().since(from));
        ctx.json(out);
    }

    private void topics(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TopicOffsets t : kafka.topics()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", t.name());
            row.put("partitions", t.partitions().size());
            row.put("messages", t.messages());
            row.put("dlq", t.name().endsWith(".dlq"));
            row.put("internal", t.internal() || t.name().startsWith("__"));
            out.add(row);
        }
        ctx.json(out);
    }

    private TopicOffsets topicOr404(String name) {
        try {
            return kafka.topic(name);
        } catch (KafkaView.UnknownTopicException e) {
            throw new ApiException(404, "Unknown topic", Map.of("topic", name));
        }
    }

    private void topic(Context ctx) {
        String name = ctx.pathParam("name");
        TopicOffsets t = topicOr404(name);
        List<Map<String, Object>> partitions = new ArrayList<>();
        t.partitions().forEach((p, o) -> partitions.add(Map.of("partition", p, "start", o[0], "end", o[1])));
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Group g : kafka.groups()) {
            if (g.committed().keySet().stream().anyMatch(tp -> tp.topic().equals(name))) {
                groups.add(Overview.group(g, Map.of(name, t), name));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("messages", t.messages());
        out.put("partitions", partitions);
        out.put("groups", groups);
        ctx.json(out);
    }

    private void groups(Context ctx) {
        List<Group> groups = kafka.groups();
        Map<String, TopicOffsets> topics = new LinkedHashMap<>();
        groups.stream()
                .flatMap(g -> g.committed().keySet().stream().map(tp -> tp.topic()))
                .distinct()
                .forEach(name -> {
                    try {
                        topics.put(name, kafka.topic(name));
                    } catch (KafkaView.UnknownTopicException e) {
                        // deleted since the group committed: no end offsets, no lag
                    }
                });
        List<Map<String, Object>> out = new ArrayList<>();
        for (Group g : groups) {
            Map<String, Object> row = Overview.group(g, topics, null);
            row.remove("partitions");
            out.add(row);
        }
        ctx.json(out);
    }

    private void messages(Context ctx) {
        String name = ctx.pathParam("name");
        Integer partition = ctx.queryParam("partition") == null
                        || ctx.queryParam("partition").isBlank()
                ? null
                : intParam(ctx, "partition", 0, 0, Integer.MAX_VALUE);
        Long offset = longParam(ctx, "offset");
        Long since = timeParam(ctx, "since");
        if (offset != null && partition == null) {
            throw ApiException.badField("partition", "partition is required with offset");
        }
        int limit = intParam(ctx, "limit", 50, 1, 1000);
        String q = ctx.queryParam("q");
        if (q != null && q.length() > 1000) {
            throw ApiException.badField("q", "q must be at most 1000 characters");
        }
        try {
            ctx.json(browser.browse(name, new MessageBrowser.Query(partition, offset, since, limit, q)));
        } catch (KafkaView.UnknownTopicException e) {
            throw new ApiException(404, "Unknown topic", Map.of("topic", name));
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("partition", "partition " + partition + " does not exist in " + name);
        }
    }

    private void produce(Context ctx) {
        String name = ctx.pathParam("name");
        ObjectNode body = json.readObject(ctx)
                .orElseThrow(() -> ApiException.badField("value", "A JSON body with a value is required"));
        JsonBody.requireOnly(body, "key", "value", "headers", "partition");
        JsonNode value = body.get("value");
        if (value == null || !(value.isTextual() || value.isNull())) {
            throw ApiException.badField("value", "value must be a string (or null for a tombstone)");
        }
        JsonNode key = body.get("key");
        if (key != null && !(key.isTextual() || key.isNull())) {
            throw ApiException.badField("key", "key must be a string or null");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = body.get("headers");
        if (h != null && !h.isNull()) {
            if (!h.isObject()) {
                throw ApiException.badField("headers", "headers must be an object of strings");
            }
            for (var e : h.properties()) {
                if (!e.getValue().isTextual()) {
                    throw ApiException.badField("headers", "headers." + e.getKey() + " must be a string");
                }
                headers.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode p = body.get("partition");
        Integer partition = null;
        TopicOffsets t = topicOr404(name);
        if (p != null && !p.isNull()) {
            if (!p.isInt() || !t.partitions().containsKey(p.asInt())) {
                throw ApiException.badField(
                        "partition",
                        "partition must be one of 0.." + (t.partitions().size() - 1) + " or null");
            }
            partition = p.asInt();
        }
        var meta = producing.send(
                name,
                partition,
                key == null || key.isNull() ? null : key.asText(),
                value.isNull() ? null : value.asText(),
                headers);
        String id = name + ":" + meta.partition() + ":" + meta.offset();
        events.action("produce", id, "ok");
        ctx.status(201).json(Map.of("topic", name, "partition", meta.partition(), "offset", meta.offset()));
    }

    static int intParam(Context ctx, String field, int defaultValue, int min, int max) {
        String raw = ctx.queryParam(field);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badField(
                    field, field + " must be an integer between " + min + " and " + max + ", got '" + raw + "'");
        }
    }

    static Long longParam(Context ctx, String field) {
        String raw = ctx.queryParam(field);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            long v = Long.parseLong(raw.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badField(field, field + " must be a non-negative integer, got '" + raw + "'");
        }
    }

    /** An ISO-8601 instant ({@code 2026-01-02T03:04:05Z}) or epoch milliseconds. */
    static Long timeParam(Context ctx, String field) {
        String raw = ctx.queryParam(field);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String v = raw.trim();
        try {
            return v.chars().allMatch(Character::isDigit)
                    ? Long.parseLong(v)
                    : Instant.parse(v).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw ApiException.badField(
                    field,
                    field + " must be an ISO-8601 time (2026-01-02T03:04:05Z) or epoch milliseconds, got '" + raw
                            + "'");
        }
    }
}
