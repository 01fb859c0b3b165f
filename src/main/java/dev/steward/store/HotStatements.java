package dev.steward.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;

/**
 * Prepared statements kept for the life of a handle, for the few writes on the hot path (a record
 * and its audit entry): preparing once per group-commit batch instead of once per write. They are
 * closed with the handle. Not thread-safe: a handle belongs to one thread.
 */
public final class HotStatements {
    private HotStatements() { }

    /** The prepared form of {@code sql} on {@code handle}'s connection, prepared on first use. */
    public static PreparedStatement prepare(Handle handle, String sql) {
        TransactionState state = TransactionState.of(handle);
        String key = "sql:" + sql;
        PreparedStatement statement = state.get(key);
        if (statement == null) {
            try {
                PreparedStatement prepared = handle.getConnection().prepareStatement(sql);
                handle.addCleanable(prepared::close);
                statement = prepared;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot prepare a statement: " + e.getSQLState(), e);
            }
            state.put(key, statement);
        }
        return statement;
    }

    /** Binds {@code values} in order and runs the query {@code sql}; true when it returns a row. */
    public static boolean exists(Handle handle, String sql, Object... values) {
        PreparedStatement statement = prepare(handle, sql);
        try {
            bind(handle, statement, values);
            try (java.sql.ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
        }
    }

    /** Binds {@code values} in order and executes; returns the update count. */
    public static int execute(Handle handle, String sql, Object... values) {
        PreparedStatement statement = prepare(handle, sql);
        try {
            bind(handle, statement, values);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
        }
    }

    /**
     * PostgreSQL: {@code values} as a {@code text[]} to bind where a statement unnests it, so that many rows
     * go in as one statement (one round trip, one firing of each statement trigger).
     */
    public static java.sql.Array textArray(Handle handle, java.util.List<String> values) {
        return array(handle, "text", values.toArray(new String[0]));
    }

    /** PostgreSQL: {@code values} as an array of the SQL type {@code type}, as {@link #textArray}. */
    public static java.sql.Array array(Handle handle, String type, Object[] values) {
        try {
            return handle.getConnection().createArrayOf(type, values);
        } catch (SQLException e) {
            throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
        }
    }

    private static void bind(Handle handle, PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof java.time.Instant time) {
                // the dialect's own time binding, as JDBI's statements use it
                handle.getConfig(org.jdbi.v3.core.argument.Arguments.class)
                        .findFor(java.time.Instant.class, time).orElseThrow().apply(i + 1, statement, null);
            } else {
                statement.setObject(i + 1, values[i]);
            }
        }
    }
}
