package io.sluice.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Search is measurably good with the real model: on 36 labelled sentences over 6 topics, a query per topic ranks
 * same-topic sentences first (precision@3 at least 0.9), here with the Lucene store (PgVectorIT: pgvector).
 */
class RelevanceIT {

    @Test
    void minilm_with_lucene_ranks_same_topic_sentences_first() {
        RelevanceSet set = new RelevanceSet();
        try (EmbeddingsFixture app =
                EmbeddingsFixture.start(Map.of("embedding.provider", "minilm", "embedding.store", "lucene"))) {
            Map<UUID, String> topicOf = set.insert(app);
            await().atMost(Duration.ofSeconds(60)).until(() -> app.embeddings() == set.sentences.size());
            await().atMost(Duration.ofSeconds(10)).until(() -> ProjectionIT.documents(app) == set.sentences.size());

            StringBuilder report = new StringBuilder();
            double precision = set.precisionAt(3, RelevanceSet.searchVia(app), topicOf, report);

            System.out.printf("precision@3 minilm/lucene = %.3f%n%s", precision, report);
            assertThat(precision).as(report.toString()).isGreaterThanOrEqualTo(0.9);
        }
    }
}
