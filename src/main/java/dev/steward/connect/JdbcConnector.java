package dev.steward.connect;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reaches one external database described by a {@link Dataset}: finds a person's rows by identity,
 * reads the columns that hold personal data, and erases them (delete or mask, table by table, in one
 * transaction), keeping rows under a legal hold. Identifiers in SQL come only from the checked dataset
 * file; values are always bound. Thread-safe (a connection per call).
 */
public final class JdbcConnector implements Connector {
    private final Dataset dataset;

    public JdbcConnector(Dataset dataset) {
        this.dataset = dataset;
    }

    @Override
    public String name() {
        return dataset.name();
    }

    @Override
    public String identityKind() {
        return dataset.identityKind();
    }

    @Override
    public boolean knows(String identity) {
        try (Connection connection = connect()) {
            return !keys(connection, identity).isEmpty();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<Item> export(String identity) {
        try (Connection connection = connect()) {
            List<Object> keys = keys(connection, identity);
            List<Item> items = new ArrayList<>();
            if (keys.isEmpty()) {
                return items;
            }
            for (Dataset.Table table : dataset.tables().values()) {
                if (table.categories().isEmpty()) {
                    continue;
                }
                String sql = "SELECT " + String.join(", ", table.columns()) + " FROM " + table.name() + " WHERE "
                        + matchColumn(table) + " IN (" + placeholders(keys.size()) + ")";
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    bind(statement, keys);
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            for (String column : table.columns()) {
                                String value = rows.getString(column);
                                if (value != null) {
                                    items.add(new Item(dataset.name(), table.name(), column,
                                            table.categories().get(column), value));
                                }
                            }
                        }
                    }
                }
            }
            return items;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Erased erase(String identity, List<Held> held) {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try {
                Erased erased = erase(connection, keys(connection, identity), held);
                connection.commit();
                return erased;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private Erased erase(Connection connection, List<Object> keys, List<Held> held) throws SQLException {
        Map<String, Integer> deleted = new LinkedHashMap<>();
        Map<String, Integer> masked = new LinkedHashMap<>();
        Map<String, String> retained = new LinkedHashMap<>();
        Map<String, Integer> retainedRows = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return new Erased(deleted, masked, retained, retainedRows);
        }
        boolean heldChildren = false;
        List<Dataset.Table> order = new ArrayList<>(dataset.tables().values());
        order.sort((a, b) -> Boolean.compare(a.linkColumn().isEmpty(), b.linkColumn().isEmpty()));
        for (Dataset.Table table : order) {
            String where = " WHERE " + matchColumn(table) + " IN (" + placeholders(keys.size()) + ")";
            String action = table.erase();
            String hold = table.hold();
            // A legal hold on the person keeps every table holding a category it covers.
            java.util.Optional<Held> legal = held.stream().filter(h -> table.categories().values().stream()
                    .anyMatch(h::covers)).findFirst();
            if (legal.isPresent()) {
                action = "keep";
                hold = legal.get().reason();
            }
            boolean identityTable = table.linkColumn().isEmpty();
            if (identityTable && heldChildren && action.equals("delete")) {
                action = "mask";
            }
            if (action.equals("keep")) {
                retained.put(table.name(), hold);
                retainedRows.put(table.name(), count(connection, "SELECT COUNT(*) FROM " + table.name() + where, keys));
                heldChildren = heldChildren || !identityTable;
            } else if (action.equals("mask") && !table.categories().isEmpty()) {
                String set = String.join(", ", table.columns().stream().map(column -> column + " = NULL").toList());
                masked.put(table.name(), update(connection, "UPDATE " + table.name() + " SET " + set + where, keys));
            } else if (action.equals("delete")) {
                deleted.put(table.name(), update(connection, "DELETE FROM " + table.name() + where, keys));
            }
        }
        return new Erased(deleted, masked, retained, retainedRows);
    }

    private List<Object> keys(Connection connection, String identity) throws SQLException {
        Dataset.Table table = dataset.tables().get(dataset.identityTable());
        String compare = dataset.identityKind().equals("email") ? "LOWER(" + dataset.identityColumn() + ") = ?"
                : dataset.identityColumn() + " = ?";
        List<Object> keys = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + table.key() + " FROM "
                + table.name() + " WHERE " + compare)) {
            statement.setString(1, identity);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    keys.add(rows.getObject(1));
                }
            }
        }
        return Collections.unmodifiableList(keys);
    }

    private String matchColumn(Dataset.Table table) {
        return table.linkColumn().isEmpty() ? table.key() : table.linkColumn();
    }

    private static int update(Connection connection, String sql, List<Object> keys) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, keys);
            return statement.executeUpdate();
        }
    }

    private static int count(Connection connection, String sql, List<Object> keys) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, keys);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Keys are bound as the objects they were read as, so they keep the key column's type. */
    private static void bind(PreparedStatement statement, List<Object> keys) throws SQLException {
        for (int i = 0; i < keys.size(); i++) {
            statement.setObject(i + 1, keys.get(i));
        }
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(dataset.url());
    }

    private StewardException unavailable(SQLException e) {
        return new StewardException(ErrorCode.CONNECTOR_UNAVAILABLE, dataset.name(), e.getSQLState() == null ? "-"
                : e.getSQLState());
    }
}
