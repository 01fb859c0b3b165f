package dev.steward.decision;

import dev.steward.policy.CategoryKey;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.RecipientKey;
import java.util.Objects;

/**
 * "May data of {@code category} about this subject be used for {@code purpose}?", optionally "and
 * disclosed to {@code recipient}" (null for none) or "over {@code channel}" ({@code email}, {@code
 * phone}, {@code in_app}; null for none). Immutable.
 */
public record DecisionRequest(String subjectId, CategoryKey category, PurposeKey purpose, RecipientKey recipient,
                              String channel) {
    public DecisionRequest {
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(purpose, "purpose");
    }

    public static DecisionRequest of(String subjectId, CategoryKey category, PurposeKey purpose) {
        return new DecisionRequest(subjectId, category, purpose, null, null);
    }
}
