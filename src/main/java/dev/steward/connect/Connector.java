package dev.steward.connect;

import dev.steward.policy.CategoryKey;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An external store a data-subject request reaches: a JDBC database or a processor's webhook. Thread-safe. */
public interface Connector {
    String name();

    /** The identity kind ({@code email}, {@code phone}, {@code account_id}) the store knows people by. */
    String identityKind();

    /**
     * Whether the store holds someone with this identity, by a cheap lookup; used to find people only an
     * external store knows. A store that cannot tell without contacting a processor answers false.
     */
    default boolean knows(String identity) {
        return false;
    }

    /** Every personal value the store holds about the person. */
    List<Item> export(String identity);

    /**
     * Erases the person there; rows under a hold — the dataset's own, or a legal hold an officer placed on
     * the person ({@code held}) — stay and are reported.
     */
    Erased erase(String identity, List<Held> held);

    /** An active legal hold on the person: its reason and the categories it covers (empty: all). */
    record Held(String reason, Set<String> categories) {
        public Held {
            categories = Set.copyOf(categories);
        }

        /** True when the hold covers {@code category} or a parent of it. */
        public boolean covers(String category) {
            return categories.isEmpty() || categories.stream()
                    .anyMatch(held -> CategoryKey.of(category).isWithin(CategoryKey.of(held)));
        }
    }

    /** One personal value found in an external store. */
    record Item(String dataset, String table, String column, String category, String value) { }

    /** What an erasure did: rows deleted and masked per table, and tables kept under a hold (with rows). */
    record Erased(Map<String, Integer> deleted, Map<String, Integer> masked, Map<String, String> retained,
                  Map<String, Integer> retainedRows) { }
}
