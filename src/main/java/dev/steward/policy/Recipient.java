package dev.steward.policy;

import java.util.Set;

/**
 * Someone personal information may be disclosed to: its kind, country ({@code *} for worldwide
 * groups), the purposes and categories it may receive, how it is transferred and kept, and the
 * jurisdictions whose processor tables list it. Immutable.
 */
public record Recipient(RecipientKey key, RecipientKind kind, String name, LocalizedText activity, String country,
                        Set<PurposeKey> purposes, Set<CategoryKey> categories, LocalizedText items,
                        Transfer transfer, LocalizedText retention, String contact, Set<Jurisdiction> listedIn,
                        LocalizedText text, java.util.List<String> unverified) {
    public Recipient {
        purposes = Set.copyOf(purposes);
        categories = Set.copyOf(categories);
        listedIn = Set.copyOf(listedIn);
        unverified = java.util.List.copyOf(unverified);
    }

    public boolean isWorldwide() {
        return "*".equals(country);
    }
}
