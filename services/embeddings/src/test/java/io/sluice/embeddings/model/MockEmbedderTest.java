package io.sluice.embeddings.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MockEmbedderTest {
    private final MockEmbedder mock = new MockEmbedder(384);

    @Test
    void raw_values_are_384_uniform_draws_in_minus_one_to_one() {
        float[] raw = MockEmbedder.vector("Hello Kafka", 384);

        assertThat(raw).hasSize(384);
        for (float x : raw) {
            assertThat(x).isBetween(-1f, 1f);
        }
    }

    @Test
    void vectors_are_unit_length_and_the_same_for_the_same_text() {
        float[] a = mock.embed(List.of("Hello Kafka")).get(0).vector();
        float[] b = new MockEmbedder(384).embed(List.of("Hello Kafka")).get(0).vector();

        assertThat(a).containsExactly(b);
        assertThat(MiniLmEmbedderTest.norm(a)).isCloseTo(1.0, within(1e-5));
        assertThat(mock.embed(List.of("Hello Kafka!")).get(0).vector()).isNotEqualTo(a);
    }

    /** Golden values: the algorithm is specified, so these must never change between versions or machines. */
    @Test
    void the_first_values_are_stable_across_processes_and_versions() {
        float[] raw = MockEmbedder.vector("test message", 384);

        assertThat(new float[] {raw[0], raw[1], raw[2]}).containsExactly(GOLDEN);
    }

    /** Computed independently (Python: hashlib.sha256 + SplitMix64), so the spec, not this code, is tested. */
    static final float[] GOLDEN = {-0.5484431385993958f, -0.21540434658527374f, 0.6236186027526855f};
}
