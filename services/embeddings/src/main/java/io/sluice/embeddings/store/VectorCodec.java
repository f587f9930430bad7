package io.sluice.embeddings.store;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Vectors to and from PostgreSQL: text literals for {@code real[]} and pgvector's {@code vector}. */
public final class VectorCodec {
    private VectorCodec() {}

    /** {@code {0.1,0.2}} (real[]) or {@code [0.1,0.2]} (vector): shortest exact float text. */
    static String literal(float[] v, char open, char close) {
        StringBuilder sb = new StringBuilder(v.length * 12).append(open);
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(v[i]);
        }
        return sb.append(close).toString();
    }

    /** A {@code real[]} column (or {@code embedding::real[]}) as floats. */
    public static float[] floats(Array array) throws SQLException {
        Object raw = array.getArray();
        if (raw instanceof float[] f) {
            return f;
        }
        Object[] boxed = (Object[]) raw;
        float[] v = new float[boxed.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) boxed[i]).floatValue();
        }
        return v;
    }

    public static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
