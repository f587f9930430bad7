package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillFileTest {
    @TempDir
    Path dir;

    private static OutboundRecord record(int i) {
        return new OutboundRecord(
                "topic-" + (i % 2),
                Map.of("traceparent", "tp-" + i),
                ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
    }

    private SpillFile open() {
        return SpillFile.open(dir.resolve("spill/events.spill"), 1 << 20, EmitterConfig.FsyncPolicy.INTERVAL);
    }

    private static List<String> values(SpillFile.Chunk chunk) {
        return chunk.records().stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void records_read_back_in_order_with_their_topic_headers_and_value() {
        try (SpillFile f = open()) {
            for (int i = 0; i < 3; i++) {
                assertThat(f.append(record(i))).isTrue();
            }

            SpillFile.Chunk chunk = f.read(f.replayPosition(), 10, 1 << 20);

            assertThat(values(chunk)).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
            assertThat(chunk.records().get(1).topic()).isEqualTo("topic-1");
            assertThat(chunk.records().get(1).headers()).isEqualTo(Map.of("traceparent", "tp-1"));
            assertThat(f.pendingRecords()).isEqualTo(3);
        }
    }

    @Test
    void a_keyed_record_keeps_its_key_and_a_keyless_one_reads_back_without_one_after_a_reopen() {
        try (SpillFile f = open()) {
            f.append(OutboundRecord.keyed("activity", "user-1", "{}".getBytes(StandardCharsets.UTF_8)));
            f.append(record(1));
        }
        try (SpillFile f = open()) {
            SpillFile.Chunk chunk = f.read(f.replayPosition(), 10, 1 << 20);

            assertThat(new String(chunk.records().get(0).key(), StandardCharsets.UTF_8))
                    .isEqualTo("user-1");
            assertThat(chunk.records().get(1).key()).isNull();
            assertThat(values(chunk)).containsExactly("{}", "{\"n\":1}");
        }
    }

    @Test
    void replayed_chunks_advance_and_the_file_shrinks_to_its_header_once_everything_is_replayed() {
        try (SpillFile f = open()) {
            for (int i = 0; i < 5; i++) {
                f.append(record(i));
            }

            SpillFile.Chunk first = f.read(f.replayPosition(), 2, 1 << 20);
            f.replayed(first);
            SpillFile.Chunk rest = f.read(f.replayPosition(), 10, 1 << 20);

            assertThat(values(rest)).containsExactly("{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
            assertThat(f.pendingRecords()).isEqualTo(3);
            f.replayed(rest);
            assertThat(f.hasPending()).isFalse();
            assertThat(f.bytes()).isEqualTo(SpillFile.HEADER_BYTES);
            assertThat(f.read(f.replayPosition(), 10, 1 << 20).isEmpty()).isTrue();
        }
    }

    @Test
    void a_reopened_file_resumes_after_what_was_already_replayed() {
        try (SpillFile f = open()) {
            for (int i = 0; i < 4; i++) {
                f.append(record(i));
            }
            f.replayed(f.read(f.replayPosition(), 3, 1 << 20));
        }
        try (SpillFile f = open()) {
            assertThat(f.pendingRecords()).isEqualTo(1);
            assertThat(values(f.read(f.replayPosition(), 10, 1 << 20))).containsExactly("{\"n\":3}");
        }
    }

    @Test
    void a_record_cut_short_by_a_crash_is_dropped_when_the_file_is_opened() throws IOException {
        Path path;
        try (SpillFile f = open()) {
            for (int i = 0; i < 3; i++) {
                f.append(record(i));
            }
            path = f.path();
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3);
        }

        try (SpillFile f = open()) {
            assertThat(f.pendingRecords()).isEqualTo(2);
            assertThat(values(f.read(f.replayPosition(), 10, 1 << 20))).containsExactly("{\"n\":0}", "{\"n\":1}");
            assertThat(f.append(record(9))).isTrue();
            assertThat(f.pendingRecords()).isEqualTo(3);
        }
    }

    @Test
    void a_corrupt_record_is_dropped_with_everything_after_it() throws IOException {
        Path path;
        long second;
        try (SpillFile f = open()) {
            f.append(record(0));
            second = f.bytes();
            f.append(record(1));
            f.append(record(2));
            path = f.path();
        }
        byte[] bytes = Files.readAllBytes(path);
        bytes[(int) second + 12] ^= 0x5A; // inside the second record's payload
        Files.write(path, bytes);

        try (SpillFile f = open()) {
            assertThat(values(f.read(f.replayPosition(), 10, 1 << 20))).containsExactly("{\"n\":0}");
        }
    }

    @Test
    void an_append_past_the_cap_writes_nothing_and_returns_false() {
        try (SpillFile f = SpillFile.open(dir.resolve("small.spill"), 1024, EmitterConfig.FsyncPolicy.NEVER)) {
            int accepted = 0;
            while (f.append(record(accepted))) {
                accepted++;
            }
            long size = f.bytes();

            assertThat(f.append(record(99))).isFalse();
            assertThat(f.bytes()).isEqualTo(size).isLessThanOrEqualTo(1024);
            assertThat(f.pendingRecords()).isEqualTo(accepted);
        }
    }

    @Test
    void a_file_that_is_not_a_spill_file_is_refused_naming_it() throws IOException {
        Path other = dir.resolve("notes.txt");
        Files.writeString(other, "these are not the events you are looking for");

        assertThatThrownBy(() -> SpillFile.open(other, 1 << 20, EmitterConfig.FsyncPolicy.INTERVAL))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(other.toString())
                .hasMessageContaining("not a version 1 spill file");
    }
}
