package dev.steward.connect;

import java.util.List;
import java.util.Map;

/**
 * An external store described in a dataset file: how to connect, which column of which table holds
 * the identity, and for each table its key, how it links to the identity table, which columns hold
 * which categories, and what erasure does to it ({@code delete}, {@code mask}, or keep under a legal
 * {@code hold}). Immutable.
 */
public record Dataset(String name, String url, String identityTable, String identityColumn, String identityKind,
                      Map<String, Table> tables) {
    public Dataset {
        tables = Map.copyOf(tables);
    }

    /** One table: {@code linkColumn} references the identity table's key (empty for the identity table itself). */
    public record Table(String name, String key, String linkColumn, Map<String, String> categories, String erase,
                        String hold) {
        public Table {
            categories = Map.copyOf(categories);
        }

        public List<String> columns() {
            return categories.keySet().stream().sorted().toList();
        }
    }
}
