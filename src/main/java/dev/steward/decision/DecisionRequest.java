package dev.steward.decision;

import dev.steward.policy.CategoryKey;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.PurposeKey;
import java.util.Objects;

/** "May data of {@code category} about this subject be used for {@code purpose}?" Immutable. */
public record DecisionRequest(String subjectId, Jurisdiction jurisdiction, CategoryKey category, PurposeKey purpose) {
    public DecisionRequest {
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(purpose, "purpose");
    }
}
