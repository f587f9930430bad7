package io.sluice.dlq;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of docs/console-api.md "Dead letters", as maps and lists of strings, numbers and booleans, so that
 * the console and the CLI's {@code --json} render them alike with any JSON library. Times are ISO-8601 UTC strings;
 * keys, values and headers are UTF-8 text, or {@code {"base64": "..."}} when they are not valid UTF-8. Stateless.
 */
public final class DeadLetterJson {
    private DeadLetterJson() {}

    /** {@code {"scanned", "matched", "complete", "records": [...]}}. */
    public static Map<String, Object> listing(DeadLetterListing l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scanned", l.scanned());
        m.put("matched", l.matched());
        m.put("complete", l.complete());
        m.put("records", l.records().stream().map(DeadLetterJson::letter).toList());
        return m;
    }

    /** One dead letter, with its status and history. */
    public static Map<String, Object> letter(DeadLetter d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id().toString());
        m.put("dlq_topic", d.id().topic());
        Map<String, Object> original = position(d.original());
        original.put(
                "timestamp",
                d.originalTimestamp() == null ? null : d.originalTimestamp().toString());
        m.put("original", original);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("class", d.errorClass());
        error.put("message", d.errorMessage());
        m.put("error", error);
        m.put("service", d.service());
        m.put("dead_lettered_at", d.deadLetteredAt().toString());
        m.put("key", bytes(d.key()));
        m.put("value", bytes(d.value()));
        Map<String, Object> headers = new LinkedHashMap<>();
        d.headers().forEach(h -> headers.put(h.getKey(), bytes(h.getValue())));
        m.put("headers", headers);
        m.put("truncated", d.truncated());
        m.put("status", d.status().label());
        m.put(
                "history",
                d.state().history().stream().map(DeadLetterJson::action).toList());
        return m;
    }

    /** {@code {"dry_run", "replayed": [{"id", "to"}], "skipped": [{"id", "reason"}]}}. */
    public static Map<String, Object> replay(ReplayResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dry_run", r.dryRun());
        List<Object> replayed = new ArrayList<>();
        r.replayed().forEach(x -> replayed.add(Map.of("id", x.id().toString(), "to", position(x.to()))));
        m.put("replayed", replayed);
        List<Object> skipped = new ArrayList<>();
        r.skipped().forEach(x -> skipped.add(Map.of("id", x.id().toString(), "reason", x.reason())));
        m.put("skipped", skipped);
        return m;
    }

    /** {@code {"id", "status": "resolved", "at"}}. */
    public static Map<String, Object> resolution(Resolution r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id().toString());
        m.put("status", r.status().label());
        m.put("at", r.at().toString());
        return m;
    }

    /** {@code {"topics": [{"topic", "total", "open"}], "total", "open"}}. */
    public static Map<String, Object> summary(DeadLetterSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> topics = new ArrayList<>();
        s.topics().forEach(t -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("topic", t.topic());
            c.put("total", t.total());
            c.put("open", t.open());
            topics.add(c);
        });
        m.put("topics", topics);
        m.put("total", s.total());
        m.put("open", s.open());
        return m;
    }

    /** UTF-8 text, {@code {"base64": "..."}} when the bytes are not valid UTF-8, or {@code null}. */
    public static Object bytes(byte[] b) {
        if (b == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            return Map.of("base64", Base64.getEncoder().encodeToString(b));
        }
    }

    private static Map<String, Object> action(DeadLetterAction a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", a.action());
        m.put("at", a.at().toString());
        m.put("by", a.by());
        m.put("to", a.to() == null ? null : position(a.to()));
        m.put("note", a.note());
        return m;
    }

    private static Map<String, Object> position(RecordPosition p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", p.topic());
        m.put("partition", p.partition());
        m.put("offset", p.offset());
        return m;
    }
}
