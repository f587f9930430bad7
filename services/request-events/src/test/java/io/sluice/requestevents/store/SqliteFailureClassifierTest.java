package io.sluice.requestevents.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.consumer.FailureKind;
import io.sluice.core.consumer.PoisonRecordException;
import io.sluice.db.DatabaseException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class SqliteFailureClassifierTest {
    private static FailureKind classify(SQLiteErrorCode code) {
        return SqliteFailureClassifier.INSTANCE.classify(
                new DatabaseException("writing", new SQLiteException("x", code)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            names = {
                "SQLITE_READONLY",
                "SQLITE_READONLY_DBMOVED",
                "SQLITE_CANTOPEN",
                "SQLITE_BUSY",
                "SQLITE_BUSY_SNAPSHOT",
                "SQLITE_LOCKED",
                "SQLITE_IOERR",
                "SQLITE_IOERR_WRITE",
                "SQLITE_FULL",
                "SQLITE_ERROR"
            })
    void an_unwritable_busy_or_failing_database_is_transient(SQLiteErrorCode code) {
        assertThat(classify(code)).isEqualTo(FailureKind.TRANSIENT);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"SQLITE_CONSTRAINT", "SQLITE_CONSTRAINT_NOTNULL", "SQLITE_TOOBIG", "SQLITE_MISMATCH"})
    void a_record_sqlite_cannot_store_is_data(SQLiteErrorCode code) {
        assertThat(classify(code)).isEqualTo(FailureKind.DATA);
    }

    @Test
    void other_failures_are_classified_as_sluice_db_does() {
        assertThat(SqliteFailureClassifier.INSTANCE.classify(new PoisonRecordException("bad")))
                .isEqualTo(FailureKind.DATA);
        assertThat(SqliteFailureClassifier.INSTANCE.classify(new SQLException("x", "23505")))
                .isEqualTo(FailureKind.DATA);
        assertThat(SqliteFailureClassifier.INSTANCE.classify(new IllegalStateException("pool timeout")))
                .isEqualTo(FailureKind.TRANSIENT);
    }
}
