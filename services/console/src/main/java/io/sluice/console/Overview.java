package io.sluice.console;

import io.sluice.console.KafkaView.Group;
import io.sluice.console.KafkaView.TopicOffsets;
import io.sluice.console.Sampler.Snapshot;
import io.sluice.console.ServiceProbe.Probe;
import io.sluice.console.ServiceSeries.Point;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link Snapshot} as the API's JSON shapes (docs/console-api.md): the pipeline graph (nodes from each
 * service's {@link io.sluice.core.service.Flow}, edges with the live rates), the services' rows, the DLQ counts.
 */
final class Overview {
    private Overview() {}

    static Map<String, Object> overview(List<ServiceInfo> services, Snapshot snap, Map<String, Object> dlq) {
        Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
        List<Map<String, Object>> edges = new ArrayList<>();
        java.util.Set<String> stores = new java.util.HashSet<>();
        services.forEach(s -> stores.addAll(s.flow().stores()));
        for (ServiceInfo s : services) {
            String id = "service:" + s.name();
            node(nodes, id, "service", s.title());
            Point p = snap.points().getOrDefault(s.name(), ServiceSeries.Point.NONE);
            for (String source : s.flow().sources()) {
                // a store another service writes (the text writer's table, which the embeddings read) is one node
                String kind = stores.contains(source) ? "store" : "source";
                node(nodes, kind + ":" + source, kind, source);
                edges.add(edge(kind + ":" + source, id, p.rate()));
            }
            for (String topic : s.flow().inputs()) {
                node(nodes, "topic:" + topic, "topic", topic);
                edges.add(edge("topic:" + topic, id, consumeRate(s, topic, snap, p)));
            }
            for (String topic : s.flow().outputs()) {
                node(nodes, "topic:" + topic, "topic", topic);
                edges.add(edge(id, "topic:" + topic, snap.topicRates().get(topic)));
            }
            for (String store : s.flow().stores()) {
                node(nodes, "store:" + store, "store", store);
                edges.add(edge(id, "store:" + store, p.rate()));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", snap.at().toString());
        out.put("kafka", snap.kafkaUp() ? "up" : "unreachable");
        out.put("nodes", List.copyOf(nodes.values()));
        out.put("edges", edges);
        out.put("services", services.stream().map(s -> row(s, snap)).toList());
        out.put("dlq", dlq);
        return out;
    }

    /** The rate the service's groups commit on this topic, else its own write rate. */
    private static Double consumeRate(ServiceInfo s, String topic, Snapshot snap, Point p) {
        Double sum = null;
        for (String g : s.flow().groups()) {
            Double r = snap.consumeRates().get(g + "|" + topic);
            if (r != null) {
                sum = sum == null ? r : sum + r;
            }
        }
        return sum != null ? sum : p.rate();
    }

    static Map<String, Object> row(ServiceInfo s, Snapshot snap) {
        Probe probe = snap.probes().get(s.name());
        Point p = snap.points().getOrDefault(s.name(), ServiceSeries.Point.NONE);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", s.name());
        row.put("title", s.title());
        row.put("url", Secrets.stripUserInfo(s.url()));
        row.put("health", probe == null ? "unknown" : probe.health());
        row.put("lag_records", p.lagRecords());
        row.put("lag_seconds", p.lagSeconds());
        row.put("freshness_seconds", p.freshnessSeconds());
        row.put("dlq_count", dlqCount(s, snap));
        row.put("rate", p.rate());
        row.put("errors_per_second", p.errorsPerSecond());
        row.put("batch_latency_ms", p.batchLatencyMs());
        row.put("eta_seconds", p.etaSeconds());
        return row;
    }

    /** Records in the service's dead-letter topics ({@code *.dlq} among its outputs), null when Kafka is out. */
    static Long dlqCount(ServiceInfo s, Snapshot snap) {
        if (!snap.kafkaUp()) {
            return null;
        }
        long n = 0;
        for (String topic : s.flow().outputs()) {
            TopicOffsets t = snap.topics().get(topic);
            if (topic.endsWith(".dlq") && t != null) {
                n += t.messages();
            }
        }
        return n;
    }

    /** {@code {"total", "open"}} over every {@code *.dlq} topic; open is total until the DLQ state says otherwise. */
    static Map<String, Object> dlqCounts(Snapshot snap) {
        long total = snap.topics().values().stream()
                .filter(t -> t.name().endsWith(".dlq"))
                .mapToLong(TopicOffsets::messages)
                .sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", snap.kafkaUp() ? total : null);
        out.put("open", snap.kafkaUp() ? total : null);
        return out;
    }

    /** One group's row: state, members, topics, lag, and per partition committed/end/lag. */
    static Map<String, Object> group(Group g, Map<String, TopicOffsets> topics, String onlyTopic) {
        List<Map<String, Object>> partitions = new ArrayList<>();
        long lag = 0;
        java.util.Set<String> groupTopics = new java.util.TreeSet<>();
        for (var e : g.committed().entrySet()) {
            String topic = e.getKey().topic();
            if (onlyTopic != null && !onlyTopic.equals(topic)) {
                continue;
            }
            groupTopics.add(topic);
            TopicOffsets t = topics.get(topic);
            long[] o = t == null ? null : t.partitions().get(e.getKey().partition());
            Long end = o == null ? null : o[1];
            Long l = end == null ? null : Math.max(0, end - e.getValue());
            if (l != null) {
                lag += l;
            }
            Map<String, Object> p = new LinkedHashMap<>();
            if (onlyTopic == null) {
                p.put("topic", topic);
            }
            p.put("partition", e.getKey().partition());
            p.put("committed", e.getValue());
            p.put("end", end);
            p.put("lag", l);
            partitions.add(p);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("group", g.group());
        out.put("state", g.state());
        out.put("members", g.members());
        out.put("topics", List.copyOf(groupTopics));
        out.put("lag", lag);
        out.put("partitions", partitions);
        return out;
    }

    private static void node(Map<String, Map<String, Object>> nodes, String id, String kind, String label) {
        nodes.computeIfAbsent(id, k -> {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("id", id);
            n.put("kind", kind);
            n.put("label", label);
            return n;
        });
    }

    private static Map<String, Object> edge(String from, String to, Double rate) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("from", from);
        e.put("to", to);
        e.put("rate", rate);
        return e;
    }
}
