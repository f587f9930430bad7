package io.sluice.testkit;

import io.sluice.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a test database lives and how to reach it, with small JDBC conveniences for arranging and asserting.
 *
 * <p>The server trusts local connections, so {@link #password()} is accepted but never checked. Every method opens
 * and closes its own connection; all of them throw {@link IllegalStateException} (with the SQL and the SQLState)
 * when the statement fails. Immutable and thread-safe.
 */
public record TestDatabase(String host, int port, String name, String user, String password) {

    /**
     * The database {@code name} on {@code server} (a dedicated one, for instance); it is not created here, see {@link
     * EmbeddedPostgres#ensureDatabase}.
     */
    public static TestDatabase on(EmbeddedPostgres server, String name) {
        return new TestDatabase(server.host(), server.port(), name, server.user(), server.password());
    }

    /** {@code jdbc:postgresql://<host>:<port>/<name>}. */
    /** The {@code database.*} settings that point a service at this database. */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("database.host", host);
        s.put("database.port", Integer.toString(port));
        s.put("database.name", name);
        s.put("database.user", user);
        s.put("database.password", password);
        return s;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** A new connection (auto-commit on); the caller closes it. */
    public Connection connection() {
        try {
            return DriverManager.getConnection(jdbcUrl(), user, password);
        } catch (SQLException e) {
            throw failure("connect", e);
        }
    }

    /** Runs one statement (DDL or DML) and returns its update count, or -1 when it returns rows. */
    public int execute(String sql) {
        try (Connection connection = connection();
                Statement statement = connection.createStatement()) {
            return statement.execute(sql) ? -1 : statement.getUpdateCount();
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** Every row of the query as a column-label-to-value map, in column order. */
    public List<Map<String, Object>> query(String sql) {
        try (Connection connection = connection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData columns = rows.getMetaData();
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    row.put(columns.getColumnLabel(i), rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /**
     * The number in the first column of the query's single row, e.g. {@code count("SELECT count(*) FROM orders")}.
     *
     * @throws IllegalStateException if the query returns no row, more than one row, or a non-number
     */
    public long count(String sql) {
        List<Map<String, Object>> rows = query(sql);
        if (rows.size() != 1) {
            throw new IllegalStateException("Expected one row from '" + sql + "' but got " + rows.size());
        }
        Object value = rows.get(0).values().iterator().next();
        if (!(value instanceof Number number)) {
            throw new IllegalStateException("Expected a number from '" + sql + "' but got " + value);
        }
        return number.longValue();
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException(
                "Database " + name + " on " + host + ":" + port + ": '" + what + "' failed (SQLState " + e.getSQLState()
                        + ")",
                e);
    }
}
