package io.sluice.console;

import io.sluice.console.KafkaView.TopicOffsets;
import io.sluice.http.StoreUnavailableException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * The message browser ({@code GET /api/topics/{name}/messages}): reads a bounded stretch of a topic with a consumer
 * in no group, from an offset in one partition, from a time in every partition, or the latest records, keeping those
 * whose key, value or a header contains the filter (case-insensitive). It reads at most {@code maxScan} records and
 * stops at the partitions' ends as they were when it began, so it always ends. Thread-safe (a consumer per call).
 */
final class MessageBrowser {
    /** What to read. {@code partition}/{@code offset}/{@code sinceMillis} null when not given. */
    record Query(Integer partition, Long offset, Long sinceMillis, int limit, String filter) {}

    private final KafkaView kafka;
    private final int maxScan;

    MessageBrowser(KafkaView kafka, int maxScan) {
        this.kafka = kafka;
        this.maxScan = maxScan;
    }

    Map<String, Object> browse(String topic, Query q) {
        TopicOffsets t = kafka.topic(topic);
        if (q.partition() != null && !t.partitions().containsKey(q.partition())) {
            throw new IllegalArgumentException("partition");
        }
        Map<TopicPartition, long[]> ranges = ranges(topic, t, q);
        boolean latest = q.offset() == null && q.sinceMillis() == null;
        List<ConsumerRecord<byte[], byte[]>> matched = new ArrayList<>();
        Map<Integer, Long> next = new TreeMap<>();
        int scanned = 0;
        String needle =
                q.filter() == null || q.filter().isEmpty() ? null : q.filter().toLowerCase(Locale.ROOT);
        Map<TopicPartition, long[]> open = new HashMap<>();
        ranges.forEach((tp, r) -> {
            next.put(tp.partition(), r[0]);
            if (r[1] > r[0]) {
                open.put(tp, r);
            }
        });
        if (!open.isEmpty()) {
            try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(Math.min(500, maxScan))) {
                consumer.assign(open.keySet());
                open.forEach((tp, r) -> consumer.seek(tp, r[0]));
                long deadline = System.nanoTime() + kafka.timeout().toNanos() * 2;
                while (!open.isEmpty()
                        && scanned < maxScan
                        && (latest || matched.size() < q.limit())
                        && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(200))) {
                        TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
                        long[] r = open.get(tp);
                        if (r == null || rec.offset() >= r[1] || scanned >= maxScan) {
                            continue;
                        }
                        if (!latest && matched.size() >= q.limit()) {
                            continue;
                        }
                        scanned++;
                        next.put(rec.partition(), rec.offset() + 1);
                        if (needle == null || matches(rec, needle)) {
                            matched.add(rec);
                        }
                        if (rec.offset() + 1 >= r[1]) {
                            open.remove(tp);
                            consumer.pause(List.of(tp));
                        }
                    }
                }
            } catch (KafkaException e) {
                throw new StoreUnavailableException("Kafka", e);
            }
        }
        int found = matched.size();
        matched.sort(Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp())
                .thenComparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        if (latest) {
            if (matched.size() > q.limit()) {
                matched = matched.subList(matched.size() - q.limit(), matched.size());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topic", topic);
        out.put("scanned", scanned);
        out.put("matched", found);
        out.put("max_scan", maxScan);
        out.put("records", matched.stream().map(MessageBrowser::render).toList());
        Map<String, Long> nextOut = new LinkedHashMap<>();
        next.forEach((p, o) -> nextOut.put(Integer.toString(p), o));
        out.put("next", nextOut);
        return out;
    }

    /** Per partition, {@code [from, to)}: where the scan starts and the end it stops at. */
    private Map<TopicPartition, long[]> ranges(String topic, TopicOffsets t, Query q) {
        Map<TopicPartition, long[]> out = new LinkedHashMap<>();
        List<Integer> partitions =
                q.partition() == null ? List.copyOf(t.partitions().keySet()) : List.of(q.partition());
        Map<TopicPartition, Long> fromTime = Map.of();
        if (q.sinceMillis() != null && q.offset() == null) {
            List<TopicPartition> tps =
                    partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
            fromTime = kafka.offsets(tps, OffsetSpec.forTimestamp(q.sinceMillis()));
        }
        int back = q.filter() == null || q.filter().isEmpty()
                ? q.limit()
                : Math.max(q.limit(), maxScan / Math.max(1, partitions.size()));
        for (int p : partitions) {
            long[] o = t.partitions().get(p);
            TopicPartition tp = new TopicPartition(topic, p);
            long from;
            if (q.offset() != null) {
                from = Math.max(o[0], q.offset());
            } else if (q.sinceMillis() != null) {
                Long at = fromTime.get(tp);
                from = at == null || at < 0 ? o[1] : Math.max(o[0], at);
            } else {
                from = Math.max(o[0], o[1] - back);
            }
            out.put(tp, new long[] {Math.min(from, o[1]), o[1]});
        }
        return out;
    }

    private static boolean matches(ConsumerRecord<byte[], byte[]> rec, String needle) {
        if (contains(rec.key(), needle) || contains(rec.value(), needle)) {
            return true;
        }
        for (Header h : rec.headers()) {
            if (h.key().toLowerCase(Locale.ROOT).contains(needle) || contains(h.value(), needle)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(byte[] bytes, String needle) {
        return bytes != null
                && new String(bytes, StandardCharsets.UTF_8)
                        .toLowerCase(Locale.ROOT)
                        .contains(needle);
    }

    static Map<String, Object> render(ConsumerRecord<byte[], byte[]> rec) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("partition", rec.partition());
        out.put("offset", rec.offset());
        out.put("timestamp", java.time.Instant.ofEpochMilli(rec.timestamp()).toString());
        out.put("key", bytes(rec.key()));
        out.put("value", bytes(rec.value()));
        Map<String, Object> headers = new LinkedHashMap<>();
        for (Header h : rec.headers()) {
            headers.put(h.key(), bytes(h.value()));
        }
        out.put("headers", headers);
        return out;
    }

    /** Text when the bytes are UTF-8 without control characters (tabs and newlines aside), else {@code {"base64"}}. */
    static Object bytes(byte[] b) {
        if (b == null) {
            return null;
        }
        try {
            String s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                    return Map.of("base64", Base64.getEncoder().encodeToString(b));
                }
            }
            return s;
        } catch (CharacterCodingException e) {
            return Map.of("base64", Base64.getEncoder().encodeToString(b));
        }
    }
}
