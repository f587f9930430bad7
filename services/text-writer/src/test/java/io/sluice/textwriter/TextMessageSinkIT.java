package io.sluice.textwriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Decoded;
import io.sluice.db.Database;
import io.sluice.db.DatabaseConfig;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Postgres.class)
class TextMessageSinkIT {
    private TestDatabase db;
    private Database database;
    private TextMessageSink sink;

    @BeforeEach
    void migrate() {
        db = Postgres.freshDatabase("text_message_sink");
        database = Database.connect(
                new DatabaseConfig(
                        db.host(), db.port(), db.name(), db.user(), db.password(), 2, Duration.ofSeconds(5), false),
                "test",
                new SimpleMeterRegistry(),
                Duration.ofSeconds(30));
        database.migrate("sluice_schema_history", "classpath:db/sluice");
        database.migrate("text_writer_schema_history", "classpath:db/text-writer");
        sink = new TextMessageSink(database.dataSource(), "g");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void a_batch_of_new_ids_is_copied_with_its_offsets_and_the_column_defaults() {
        UUID a = UUID.randomUUID();

        sink.write(Batch.of(List.of(message(0, a, "tab\tand back\\slash"), message(1, UUID.randomUUID(), "b"))));

        assertThat(db.query("SELECT message, source FROM text_messages WHERE id = '" + a + "'"))
                .containsExactly(java.util.Map.of("message", "tab\tand back\\slash", "source", "kafka"));
        assertThat(db.count("SELECT count(*) FROM text_messages")).isEqualTo(2);
        assertThat(db.count("SELECT next_offset FROM sluice_offsets WHERE group_id = 'g'"))
                .isEqualTo(2);
    }

    @Test
    void a_batch_repeating_an_id_falls_back_to_skipping_it_and_the_first_text_stays() {
        UUID repeated = UUID.randomUUID();
        sink.write(Batch.of(List.of(message(0, repeated, "first"))));

        sink.write(Batch.of(List.of(
                message(1, UUID.randomUUID(), "new"), message(2, repeated, "second"), message(3, repeated, "third"))));

        assertThat(db.count("SELECT count(*) FROM text_messages")).isEqualTo(2);
        assertThat(db.query("SELECT message FROM text_messages WHERE id = '" + repeated + "'"))
                .containsExactly(java.util.Map.of("message", "first"));
        assertThat(db.count("SELECT next_offset FROM sluice_offsets WHERE group_id = 'g'"))
                .isEqualTo(4);
    }

    @Test
    void reads_and_writes_wait_for_the_tables_and_fail_as_their_migration_failed() {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        TextMessageSink waiting = new TextMessageSink(database.dataSource(), "w", ready);
        CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(() -> ready.complete(null));

        waiting.write(Batch.of(List.of(message(0, UUID.randomUUID(), "after the migration"))));

        assertThat(db.count("SELECT next_offset FROM sluice_offsets WHERE group_id = 'w'"))
                .isEqualTo(1);
        TextMessageSink broken = new TextMessageSink(
                database.dataSource(), "b", CompletableFuture.failedFuture(new IllegalStateException("no table")));
        assertThatThrownBy(() -> broken.offsetStore().orElseThrow().load(Set.of(new TopicPartition("t", 0))))
                .hasMessage("no table");
        assertThatThrownBy(() -> broken.write(Batch.of(List.of(message(0, UUID.randomUUID(), "x")))))
                .hasMessage("no table");
    }

    private static Decoded<TextMessage> message(long offset, UUID id, String text) {
        return new Decoded<>(new ConsumerRecord<>("t", 0, offset, null, new byte[0]), new TextMessage(id, text, null));
    }
}
