package io.sluice.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourcePositionTest {

    @Test
    void commit_position_first_then_the_change() {
        SourcePosition a = new SourcePosition(100, 300); // a change late in a transaction that committed first
        SourcePosition b = new SourcePosition(400, 200); // an earlier change of a transaction that committed later
        assertThat(b.isAfter(a)).isTrue();
        assertThat(b).isGreaterThan(a);
        assertThat(new SourcePosition(100, 301).isAfter(a)).isTrue();
        assertThat(a.isAfter(a)).isFalse();
    }

    @Test
    void without_a_commit_position_the_change_lsn_decides() {
        assertThat(new SourcePosition(0, 300).isAfter(new SourcePosition(400, 200)))
                .isTrue();
        assertThat(new SourcePosition(0, 100).isAfter(new SourcePosition(0, 200)))
                .isFalse();
    }

    @Test
    void the_lsn_prints_as_postgresql_does() {
        assertThat(new SourcePosition(0, 0x2D2E1A8L).changeLsnText()).isEqualTo("0/2D2E1A8");
        assertThat(new SourcePosition(0, (1L << 32) + 0x10L).changeLsnText()).isEqualTo("1/10");
    }
}
