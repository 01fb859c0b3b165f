package dev.steward.policy;

import java.time.Period;
import java.util.List;
import java.util.Set;

/**
 * How long data of some categories (for some purposes, all when empty) is kept after a trigger.
 * {@code hold} names the legal hold that keeps it beyond its purposes, or is empty. Immutable.
 */
public record RetentionRule(String id, Set<CategoryKey> categories, Set<PurposeKey> purposes, RetentionTrigger trigger,
                            Period duration, String hold, LocalizedText text, List<String> unverified) {
    public RetentionRule {
        categories = Set.copyOf(categories);
        purposes = Set.copyOf(purposes);
        unverified = List.copyOf(unverified);
    }
}
