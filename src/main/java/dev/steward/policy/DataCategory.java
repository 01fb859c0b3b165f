package dev.steward.policy;

import java.util.List;
import java.util.Set;

/**
 * A kind of personal information the policy covers, with where it comes from and how sensitive it is.
 * {@code ccpaCategory} is empty when the category has no CCPA counterpart. Immutable.
 */
public record DataCategory(CategoryKey key, LocalizedText title, Set<Source> sources, Sensitivity sensitivity,
                           String ccpaCategory, LocalizedText examples, List<String> unverified) {
    public DataCategory {
        sources = Set.copyOf(sources);
        unverified = List.copyOf(unverified);
    }
}
