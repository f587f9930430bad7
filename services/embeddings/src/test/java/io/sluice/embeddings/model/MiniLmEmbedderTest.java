package io.sluice.embeddings.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {
    private static MiniLmEmbedder model;

    @BeforeAll
    static void load() {
        model = MiniLmEmbedder.load(2, 4);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void vectors_have_384_dimensions_and_unit_length() {
        List<Embedding> out = model.embed(List.of("The cat sat on the mat.", "Stocks fell sharply on Monday."));

        assertThat(out).hasSize(2);
        for (Embedding e : out) {
            assertThat(e.vector()).hasSize(384);
            assertThat(norm(e.vector())).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void similar_sentences_are_closer_than_unrelated_ones() {
        List<Embedding> out = model.embed(List.of(
                "A man is playing a guitar on stage.",
                "Someone performs music with a guitar.",
                "The central bank raised interest rates."));

        double near = dot(out.get(0).vector(), out.get(1).vector());
        double far = dot(out.get(0).vector(), out.get(2).vector());
        assertThat(near).isGreaterThan(0.5).isGreaterThan(far + 0.3);
    }

    @Test
    void results_keep_the_order_of_the_texts_across_batches_sorted_by_length() {
        List<String> texts = List.of(
                "short",
                "a much longer sentence about databases and their indexes, with many words in it",
                "medium length text here",
                "tiny",
                "another fairly long sentence about cooking pasta with tomatoes and basil",
                "x");

        List<Embedding> batched = model.embed(texts);

        for (int i = 0; i < texts.size(); i++) {
            float[] alone = model.embedQuery(texts.get(i));
            // The int8 model scales activations per batch: the same text differs slightly between batches.
            assertThat(dot(alone, batched.get(i).vector())).as(texts.get(i)).isGreaterThan(0.97);
        }
    }

    @Test
    void a_text_longer_than_the_model_takes_is_truncated_not_rejected() {
        String longText = "word ".repeat(5_000);

        Embedding e = model.embed(List.of(longText)).get(0);

        assertThat(e.rejection()).isNull();
        assertThat(e.vector()).hasSize(384);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }
}
