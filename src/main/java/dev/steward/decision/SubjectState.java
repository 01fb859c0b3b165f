package dev.steward.decision;

import dev.steward.policy.Jurisdiction;
import java.time.LocalDate;
import java.util.Map;

/**
 * What decisions need to know about one subject: jurisdiction, account state, age, guardian, and
 * current choices by name ({@code consent.marketing → granted}), and the policy version whose terms
 * apply to the subject's data ({@code termsVersion}; null: the version in force); whether the subject
 * was erased, and then the categories a hold still keeps ({@code heldCategories}). Immutable; replaced
 * when anything changes.
 */
public record SubjectState(String subjectId, Jurisdiction jurisdiction, boolean closed, LocalDate birthDate,
                           boolean hasGuardian, Map<String, String> choices, String termsVersion, boolean erased,
                           java.util.Set<String> heldCategories) {
    public SubjectState {
        choices = Map.copyOf(choices);
        heldCategories = java.util.Set.copyOf(heldCategories);
    }

    boolean flag(String name) {
        return "true".equals(choices.get(name));
    }

    @Override
    public String toString() {
        return "SubjectState[" + subjectId + "]";
    }
}
