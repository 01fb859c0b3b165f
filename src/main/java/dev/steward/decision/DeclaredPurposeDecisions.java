package dev.steward.decision;

import dev.steward.policy.LegalBasis;
import dev.steward.policy.Policy;
import dev.steward.policy.Purpose;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The first decision rule: a use is allowed only when the policy declares the purpose for the
 * category and the purpose has a legal basis in the subject's jurisdiction. Consent, opt-outs,
 * restrictions and children's rules join with the decision engine. Thread-safe.
 */
public final class DeclaredPurposeDecisions implements Decisions {
    private final Supplier<Policy> policy;

    public DeclaredPurposeDecisions(Supplier<Policy> policy) {
        this.policy = policy;
    }

    @Override
    public Decision decide(DecisionRequest request) {
        Optional<Purpose> purpose = policy.get().findPurpose(request.purpose());
        if (purpose.isEmpty()) {
            return Decision.deny("unknown_purpose");
        }
        if (!purpose.get().categories().contains(request.category())) {
            return Decision.deny("purpose_not_declared_for_category");
        }
        Optional<LegalBasis> basis = purpose.get().basisIn(request.jurisdiction());
        return basis.map(found -> Decision.allow("declared_purpose", found.key()))
                .orElseGet(() -> Decision.deny("no_legal_basis_in_jurisdiction"));
    }
}
