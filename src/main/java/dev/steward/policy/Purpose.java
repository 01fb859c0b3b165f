package dev.steward.policy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A use of personal information, the categories it may use and its legal basis per jurisdiction
 * ({@link Jurisdiction#DEFAULT} applies where a jurisdiction has no entry of its own). {@code optOut}
 * means the person may say no at any time; {@code sale} and {@code sharing} are the CCPA notions.
 * Immutable.
 */
public record Purpose(PurposeKey key, LocalizedText title, LocalizedText text, Set<CategoryKey> categories,
                      Map<Jurisdiction, LegalBasis> bases, boolean optOut, boolean sale, boolean sharing) {
    public Purpose {
        categories = Set.copyOf(categories);
        bases = Map.copyOf(bases);
    }

    /** The legal basis that applies in {@code jurisdiction}, falling back to {@code DEFAULT}. */
    public Optional<LegalBasis> basisIn(Jurisdiction jurisdiction) {
        LegalBasis basis = bases.get(jurisdiction);
        return Optional.ofNullable(basis != null ? basis : bases.get(Jurisdiction.DEFAULT));
    }
}
