package dev.steward.policy;

import java.time.Period;
import java.util.List;
import java.util.Set;

/**
 * When an update or deletion keeps the prior version as an archive entry: for which categories and
 * for how long ({@code keep} is {@link Period#ZERO} when nothing is archived). Immutable.
 */
public record ArchiveRules(Set<CategoryKey> categories, Period keep, LocalizedText text, List<String> unverified) {
    public ArchiveRules {
        categories = Set.copyOf(categories);
        unverified = List.copyOf(unverified);
    }
}
