package dev.steward.policy;

import java.time.Period;
import java.util.List;
import java.util.Set;

/**
 * How long data of some categories (for some purposes, all when empty) is kept after a trigger.
 * {@code hold} names the legal hold that keeps it beyond its purposes, or is empty. {@code usableDuring}
 * names purposes that may still use a closed account's data while an {@code account_closed} rule's period
 * runs (reaching support, fetching billing documents during the grace period). {@code requires} names the
 * categories that are the reason a hold keeps the others: when an erasure leaves none of them under the
 * hold (a customer who was never invoiced), the hold keeps nothing of that subject. Immutable.
 */
public record RetentionRule(String id, Set<CategoryKey> categories, Set<PurposeKey> purposes, RetentionTrigger trigger,
                            Period duration, String hold, Set<PurposeKey> usableDuring, Set<CategoryKey> requires,
                            LocalizedText text, List<String> unverified) {
    public RetentionRule {
        categories = Set.copyOf(categories);
        requires = Set.copyOf(requires);
        purposes = Set.copyOf(purposes);
        usableDuring = Set.copyOf(usableDuring);
        unverified = List.copyOf(unverified);
    }
}
