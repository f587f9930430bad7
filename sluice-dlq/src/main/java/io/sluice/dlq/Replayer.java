package io.sluice.dlq;

import io.sluice.core.consumer.DeadLetterPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends dead letters back to their original topics and records each replay in the state topic once the broker
 * acknowledged it (ADR 0016): the replay half of {@link DeadLetters}, which serialises its calls. Not thread-safe.
 */
final class Replayer {
    private static final String REPLAY_PREFIX = "sluice.replay.";

    private final KafkaClients clients;
    private final StateStore state;
    private final Duration timeout;
    private final Clock clock;

    Replayer(KafkaClients clients, StateStore state, Duration timeout, Clock clock) {
        this.clients = clients;
        this.state = state;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Replays {@code letters} in order, or says what would be replayed ({@code dryRun}); skipped ones with why. */
    ReplayResult replay(List<DeadLetter> letters, boolean dryRun, boolean force, String by)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> topics = clients.topics();
        Instant at = clock.instant();
        List<ReplayResult.Replayed> replayed = new ArrayList<>();
        List<ReplayResult.Skipped> skipped = new ArrayList<>();
        List<Map.Entry<DeadLetter, Future<RecordMetadata>>> sent = new ArrayList<>();
        for (DeadLetter d : letters) {
            String reason = refusal(d, force, topics);
            if (reason != null) {
                skipped.add(new ReplayResult.Skipped(d.id(), reason));
            } else if (dryRun) {
                replayed.add(new ReplayResult.Replayed(
                        d.id(), new RecordPosition(d.original().topic(), null, null)));
            } else {
                sent.add(Map.entry(d, clients.producer().send(replayRecord(d, at, by))));
            }
        }
        List<Map.Entry<ReplayResult.Replayed, DeadLetterState>> recorded = new ArrayList<>();
        List<Future<RecordMetadata>> writes = new ArrayList<>();
        for (var s : sent) {
            DeadLetter d = s.getKey();
            RecordMetadata md;
            try {
                md = s.getValue().get(timeout.toMillis() * 3, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                skipped.add(new ReplayResult.Skipped(
                        d.id(),
                        "producing to " + d.original().topic() + " failed: "
                                + e.getCause().getMessage()));
                continue;
            }
            RecordPosition to = new RecordPosition(md.topic(), md.partition(), md.offset());
            DeadLetterState next = d.state()
                    .then(DeadLetterStatus.REPLAYED, new DeadLetterAction(DeadLetterAction.REPLAY, at, by, to, null));
            recorded.add(Map.entry(new ReplayResult.Replayed(d.id(), to), next));
            writes.add(clients.producer().send(StateCodec.record(d.id(), next)));
        }
        for (int i = 0; i < writes.size(); i++) {
            ReplayResult.Replayed r = recorded.get(i).getKey();
            try {
                writes.get(i).get(timeout.toMillis() * 3, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new DeadLettersUnavailableException(
                        r.id() + " was replayed to " + r.to().topic() + ":" + r.to().partition() + ":"
                                + r.to().offset() + " but " + DeadLetters.STATE_TOPIC + " could not record it ("
                                + (e.getCause() == null ? e : e.getCause()).getMessage()
                                + "): it still shows as open, and replaying it again makes a duplicate",
                        e);
            }
            state.put(r.id(), recorded.get(i).getValue());
            replayed.add(r);
        }
        return new ReplayResult(dryRun, replayed, skipped);
    }

    /** Why this letter is not replayed, in one line; {@code null} when it may be. */
    private static String refusal(DeadLetter d, boolean force, Set<String> topics) {
        RecordPosition o = d.original();
        if (o.topic() == null) {
            return "no " + DeadLetterPublisher.HEADER_TOPIC + " header: not a Sluice dead letter, nowhere to replay it";
        }
        if (d.truncated()) {
            return "truncated: this dead letter holds only part of the value ("
                    + d.header(DeadLetterPublisher.HEADER_ORIGINAL_SIZE) + " bytes originally); the whole record is"
                    + " still in " + o.topic() + " partition " + o.partition() + " at offset " + o.offset()
                    + " until retention removes it: replay it from there";
        }
        if (!topics.contains(o.topic())) {
            return "the original topic " + o.topic() + " does not exist";
        }
        DeadLetterAction last = d.state().last();
        if (!force && d.status() == DeadLetterStatus.REPLAYED) {
            RecordPosition to = last.to();
            return "already replayed at " + last.at()
                    + (to == null ? "" : " to " + to.topic() + ":" + to.partition() + ":" + to.offset())
                    + "; force to replay it again";
        }
        if (!force && d.status() == DeadLetterStatus.RESOLVED) {
            return "resolved at " + last.at() + " by " + last.by() + "; force to replay it";
        }
        return null;
    }

    private static ProducerRecord<byte[], byte[]> replayRecord(DeadLetter d, Instant at, String by) {
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, byte[]> h : d.headers()) {
            if (!h.getKey().startsWith(DeadLetter.DLQ_HEADER_PREFIX)
                    && !h.getKey().startsWith(REPLAY_PREFIX)) {
                headers.add(h.getKey(), h.getValue());
            }
        }
        headers.add(DeadLetters.HEADER_REPLAY_OF, utf8(d.id().toString()));
        headers.add(DeadLetters.HEADER_REPLAY_AT, utf8(at.toString()));
        headers.add(DeadLetters.HEADER_REPLAY_BY, utf8(by));
        return new ProducerRecord<>(d.original().topic(), null, null, d.key(), d.value(), headers);
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
