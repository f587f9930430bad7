package io.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.consumer.FailureKind;
import io.sluice.core.consumer.PoisonRecordException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlFailureClassifierTest {
    private final SqlFailureClassifier classifier = SqlFailureClassifier.INSTANCE;

    @ParameterizedTest(name = "SQLState {0} is {1}")
    @CsvSource({
        "08001, TRANSIENT", // connection refused
        "08006, TRANSIENT", // connection failure
        "53300, TRANSIENT", // too many connections
        "57P01, TRANSIENT", // admin shutdown
        "40001, TRANSIENT", // serialization failure
        "40P01, TRANSIENT", // deadlock
        "22021, DATA", // invalid byte sequence
        "22001, DATA", // value too long
        "23505, DATA", // unique violation
        "23514, DATA", // check violation
        "42P01, TRANSIENT", // undefined table: a deployment problem, not the record's fault
    })
    void sql_states_are_classified_in_one_place(String state, FailureKind kind) {
        var e = new DatabaseException("writing", new SQLException("boom", state));
        assertThat(classifier.classify(e)).isEqualTo(kind);
    }

    @Test
    void a_pool_timeout_without_sql_state_is_transient() {
        var e = new DatabaseException("writing", new SQLTransientConnectionException("pool timed out"));
        assertThat(classifier.classify(e)).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void a_poison_record_anywhere_in_the_chain_is_data_and_unknown_errors_are_transient() {
        assertThat(classifier.classify(new RuntimeException(new PoisonRecordException("bad"))))
                .isEqualTo(FailureKind.DATA);
        assertThat(classifier.classify(new IllegalStateException("who knows"))).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void the_sql_state_is_found_through_wrappers_and_next_exceptions() {
        SQLException batch = new SQLException("batch failed");
        batch.setNextException(new SQLException("row 3", "23505"));
        assertThat(SqlFailureClassifier.sqlState(new RuntimeException(batch))).isEqualTo("23505");
        assertThat(SqlFailureClassifier.isUniqueViolation(batch)).isTrue();
    }
}
