package io.sluice.dlq;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The dead letters of a Kafka cluster (every {@code *.dlq} topic, ADR 0002) and what was done with them (ADR 0016):
 * {@link #list} with filters, {@link #show} one, {@link #replay} some to their original topics, {@link #resolve} one.
 *
 * <p><b>Reading.</b> Dead letters are read by assignment and seek, without a consumer group (nothing is committed),
 * {@code read_committed}. A listing scans at most {@link #maxScan()} records, the newest, and says how many it
 * scanned and matched.
 *
 * <p><b>State.</b> Each replay and resolution is a record of the compacted topic {@value #STATE_TOPIC} (created if
 * missing), keyed by the dead letter's ID, valued {@code {"status", "history": [...]}}. Every call reads it to its end
 * first, so what another process recorded counts. A letter already replayed or resolved is not replayed again unless
 * forced.
 *
 * <p><b>Replay.</b> The original key, value and headers (without {@code sluice.dlq.*}) go to the original topic, the
 * partition chosen by the producer from the key, with {@value #HEADER_REPLAY_OF}, {@value #HEADER_REPLAY_AT} and
 * {@value #HEADER_REPLAY_BY}; idempotent producer, {@code acks=all}. The state record is written only after the
 * replay is acknowledged: a crash between the two leaves the letter open, so it may be replayed once more (the sinks
 * are idempotent by id, ADR 0016). A truncated letter is refused: its whole value is in the source topic.
 *
 * <p>Thread-safe: calls are serialised (the Kafka clients are not). Clients are created on first use. Kafka that
 * does not answer within the timeout: {@link DeadLettersUnavailableException}; an ID with no record:
 * {@link UnknownDeadLetterException}.
 */
public final class DeadLetters implements AutoCloseable {
    /** The compacted topic of replays and resolutions. */
    public static final String STATE_TOPIC = "sluice.dlq.state";

    public static final String HEADER_REPLAY_OF = "sluice.replay.of";
    public static final String HEADER_REPLAY_AT = "sluice.replay.at";
    public static final String HEADER_REPLAY_BY = "sluice.replay.by";
    public static final int DEFAULT_MAX_SCAN = 10_000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Comparator<DeadLetter> OLDEST_FIRST = Comparator.comparing(DeadLetter::deadLetteredAt)
            .thenComparing(d -> d.id().topic())
            .thenComparingInt(d -> d.id().partition())
            .thenComparingLong(d -> d.id().offset());

    private final String bootstrapServers;
    private final Duration timeout;
    private final Clock clock = Clock.systemUTC();
    private final KafkaClients clients;
    private StateStore state;
    private Replayer replayer;

    private DeadLetters(String bootstrapServers, Map<String, String> clientProperties, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
        this.clients = new KafkaClients(bootstrapServers, Map.copyOf(clientProperties), timeout);
    }

    /**
     * Connects lazily to this cluster, waiting at most {@link #DEFAULT_TIMEOUT} for any one Kafka call.
     *
     * @param clientProperties extra Kafka client properties (security), applied to every client it makes
     */
    public static DeadLetters open(String bootstrapServers, Map<String, String> clientProperties) {
        return open(bootstrapServers, clientProperties, DEFAULT_TIMEOUT);
    }

    /** As {@link #open(String, Map)}, waiting at most {@code timeout} for any one Kafka call. */
    public static DeadLetters open(String bootstrapServers, Map<String, String> clientProperties, Duration timeout) {
        return new DeadLetters(bootstrapServers, clientProperties, timeout);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The most records one listing reads. */
    public int maxScan() {
        return DEFAULT_MAX_SCAN;
    }

    /** The newest {@code limit} dead letters that match, out of the newest {@link #maxScan()} in range. */
    public synchronized DeadLetterListing list(DeadLetterFilter filter, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return call("list dead letters", () -> scan(filter, limit, stateStore().load()));
    }

    /** @throws UnknownDeadLetterException when there is no record at {@code id} */
    public synchronized DeadLetter show(DeadLetterId id) {
        return call("read dead letter " + id, () -> read(id, stateStore().load()));
    }

    /**
     * Replays these letters, in this order; nothing is replayed when one of them does not exist.
     *
     * @param by who asks ({@code cli:alice}, {@code console}), kept in the history and the provenance headers
     * @throws UnknownDeadLetterException naming the first ID with no record
     */
    public synchronized ReplayResult replay(List<DeadLetterId> ids, boolean dryRun, boolean force, String by) {
        return call("replay dead letters", () -> {
            Map<String, DeadLetterState> states = stateStore().load();
            List<DeadLetter> letters = new ArrayList<>();
            for (DeadLetterId id : new LinkedHashSet<>(ids)) {
                letters.add(read(id, states));
            }
            return replayer().replay(letters, dryRun, force, by);
        });
    }

    /** Replays every letter that matches (out of the newest {@link #maxScan()} in range), oldest first. */
    public synchronized ReplayResult replayMatching(DeadLetterFilter filter, boolean dryRun, boolean force, String by) {
        return call("replay dead letters", () -> {
            List<DeadLetter> letters = new ArrayList<>(
                    scan(filter, Integer.MAX_VALUE, stateStore().load()).records());
            letters.sort(OLDEST_FIRST);
            return replayer().replay(letters, dryRun, force, by);
        });
    }

    /**
     * Marks a letter resolved (again, if it was): it is then not replayed unless forced.
     *
     * @throws UnknownDeadLetterException when there is no record at {@code id}
     */
    public synchronized Resolution resolve(DeadLetterId id, String note, String by) {
        return call("resolve dead letter " + id, () -> {
            DeadLetter d = read(id, stateStore().load());
            Instant at = clock.instant();
            DeadLetterState next = d.state()
                    .then(
                            DeadLetterStatus.RESOLVED,
                            new DeadLetterAction(DeadLetterAction.RESOLVE, at, by, null, note));
            clients.producer().send(StateCodec.record(id, next)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            stateStore().put(id, next);
            return new Resolution(id, DeadLetterStatus.RESOLVED, at);
        });
    }

    /** Per {@code *.dlq} topic: how many letters it holds and how many are open (neither replayed nor resolved). */
    public synchronized DeadLetterSummary summary() {
        return call("count dead letters", () -> {
            Map<String, DeadLetterState> states = stateStore().load();
            List<TopicPartition> tps = clients.dlqPartitions(null);
            Map<TopicPartition, Long> begin = clients.reader().beginningOffsets(tps, timeout);
            Map<TopicPartition, Long> end = clients.reader().endOffsets(tps, timeout);
            Map<String, long[]> counts = new TreeMap<>();
            for (TopicPartition tp : tps) {
                counts.computeIfAbsent(tp.topic(), t -> new long[2])[0] += end.get(tp) - begin.get(tp);
            }
            states.forEach((key, s) -> {
                if (s.status() == DeadLetterStatus.OPEN) {
                    return;
                }
                DeadLetterId id;
                try {
                    id = DeadLetterId.parse(key);
                } catch (IllegalArgumentException e) {
                    return;
                }
                TopicPartition tp = id.topicPartition();
                if (begin.containsKey(tp) && id.offset() >= begin.get(tp) && id.offset() < end.get(tp)) {
                    counts.get(tp.topic())[1]++;
                }
            });
            List<DeadLetterSummary.TopicCount> topics = new ArrayList<>();
            long total = 0;
            long open = 0;
            for (var e : counts.entrySet()) {
                long t = e.getValue()[0];
                long o = Math.max(0, t - e.getValue()[1]);
                topics.add(new DeadLetterSummary.TopicCount(e.getKey(), t, o));
                total += t;
                open += o;
            }
            return new DeadLetterSummary(topics, total, open);
        });
    }

    private DeadLetterListing scan(DeadLetterFilter filter, int limit, Map<String, DeadLetterState> states)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<TopicPartition> tps = clients.dlqPartitions(filter.dlqTopic());
        if (tps.isEmpty()) {
            return new DeadLetterListing(0, 0, true, List.of());
        }
        var reader = clients.reader();
        Map<TopicPartition, Long> begin = reader.beginningOffsets(tps, timeout);
        Map<TopicPartition, Long> end = reader.endOffsets(tps, timeout);
        Map<TopicPartition, Long> start = new HashMap<>(begin);
        if (filter.since() != null) {
            Map<TopicPartition, Long> times = new HashMap<>();
            tps.forEach(tp -> times.put(tp, filter.since().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> at = reader.offsetsForTimes(times, timeout);
            tps.forEach(tp -> start.put(
                    tp,
                    at.get(tp) == null
                            ? end.get(tp)
                            : Math.max(begin.get(tp), at.get(tp).offset())));
        }
        long total = tps.stream().mapToLong(tp -> end.get(tp) - start.get(tp)).sum();
        boolean complete = total <= maxScan();
        if (!complete) { // keep each partition's newest records, in proportion to its share of the range
            for (TopicPartition tp : tps) {
                long share = (end.get(tp) - start.get(tp)) * maxScan() / total;
                start.put(tp, end.get(tp) - share);
            }
        }
        reader.assign(tps);
        tps.forEach(tp -> reader.seek(tp, start.get(tp)));
        long[] counts = new long[2];
        PriorityQueue<DeadLetter> newest = new PriorityQueue<>(OLDEST_FIRST);
        Scan.readTo(reader, end, timeout, Scan.RecordSink.all(r -> {
            counts[0]++;
            DeadLetter d = DeadLetter.from(r, states.get(r.topic() + ":" + r.partition() + ":" + r.offset()));
            if (filter.matches(d)) {
                counts[1]++;
                newest.add(d);
                if (newest.size() > limit) {
                    newest.poll();
                }
            }
        }));
        List<DeadLetter> records = new ArrayList<>(newest);
        records.sort(OLDEST_FIRST.reversed());
        return new DeadLetterListing(counts[0], counts[1], complete, records);
    }

    private DeadLetter read(DeadLetterId id, Map<String, DeadLetterState> states)
            throws ExecutionException, InterruptedException, TimeoutException {
        TopicPartition tp = id.topicPartition();
        if (!clients.dlqPartitions(id.topic()).contains(tp)) {
            throw new UnknownDeadLetterException(id);
        }
        var reader = clients.reader();
        long begin = reader.beginningOffsets(List.of(tp), timeout).get(tp);
        long end = reader.endOffsets(List.of(tp), timeout).get(tp);
        if (id.offset() < begin || id.offset() >= end) {
            throw new UnknownDeadLetterException(id);
        }
        reader.assign(List.of(tp));
        reader.seek(tp, id.offset());
        DeadLetter[] found = new DeadLetter[1];
        Scan.readTo(reader, Map.of(tp, id.offset() + 1), timeout, r -> {
            if (r.offset() == id.offset()) {
                found[0] = DeadLetter.from(r, states.get(id.toString()));
            }
            return false;
        });
        if (found[0] == null) {
            throw new UnknownDeadLetterException(id);
        }
        return found[0];
    }

    private StateStore stateStore() {
        if (state == null) {
            state = new StateStore(STATE_TOPIC, clients.admin(), clients.stateReader(), timeout);
        }
        return state;
    }

    private Replayer replayer() {
        if (replayer == null) {
            replayer = new Replayer(clients, stateStore(), timeout, clock);
        }
        return replayer;
    }

    /** A Kafka call; its failures as this class's exceptions. */
    @FunctionalInterface
    private interface KafkaCall<T> {
        T run() throws ExecutionException, InterruptedException, TimeoutException;
    }

    private <T> T call(String action, KafkaCall<T> call) {
        try {
            return call.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLettersUnavailableException("interrupted while trying to " + action, e);
        } catch (ExecutionException e) {
            throw unavailable(action, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw unavailable(action, e);
        }
    }

    private DeadLettersUnavailableException unavailable(String action, Throwable e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getMessage();
            }
        }
        boolean timedOut =
                e instanceof TimeoutException || e instanceof org.apache.kafka.common.errors.TimeoutException;
        return new DeadLettersUnavailableException(
                "cannot " + action + ": Kafka at " + bootstrapServers
                        + (timedOut ? " did not answer within " + timeout.toSeconds() + "s" : " failed") + " ("
                        + reason.strip() + ")",
                e);
    }

    @Override
    public synchronized void close() {
        clients.close();
    }
}
