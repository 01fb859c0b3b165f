package dev.steward.policy.internal;

import dev.steward.policy.CategoryKey;
import dev.steward.policy.DataCategory;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.JurisdictionRules;
import dev.steward.policy.LegalBasis;
import dev.steward.policy.Policy;
import dev.steward.policy.Purpose;
import dev.steward.policy.Recipient;
import dev.steward.policy.Right;
import dev.steward.policy.internal.Node.Location;
import java.util.Map;

/**
 * The rules that span several parts of a policy: every category has a lawful purpose everywhere,
 * purposes use only bases a jurisdiction offers, recipients receive only what their purposes use and
 * have a safeguard for every cross-border transfer, and a sale always comes with an opt-out.
 */
final class PolicyChecks {
    private final Problems problems;
    private final References references;

    PolicyChecks(Problems problems, References references) {
        this.problems = problems;
        this.references = references;
    }

    void check(Policy policy) {
        if (!references.jurisdictions.isEmpty() && !policy.jurisdictions().containsKey(Jurisdiction.DEFAULT)) {
            Location first = references.jurisdictions.values().iterator().next();
            problems.add(first, "MISSING_DEFAULT", "'jurisdictions' needs a DEFAULT entry for people in every other "
                    + "place");
        }
        for (DataCategory category : policy.categories().values()) {
            checkLegalBasis(policy, category.key());
        }
        for (Purpose purpose : policy.purposes().values()) {
            checkBasesOffered(policy, purpose);
        }
        for (Recipient recipient : policy.recipients().values()) {
            checkRecipientUse(policy, recipient);
            checkTransfers(policy, recipient);
        }
        checkSale(policy);
    }

    private void checkLegalBasis(Policy policy, CategoryKey category) {
        boolean used = policy.purposes().values().stream().anyMatch(purpose -> purpose.categories().contains(category));
        Location where = references.categories.get(category.value());
        if (!used) {
            problems.add(where, "UNUSED_CATEGORY", "category '" + category + "' is collected but no purpose uses it; "
                    + "add it to a purpose's categories or remove it");
            return;
        }
        for (Jurisdiction jurisdiction : policy.jurisdictions().keySet()) {
            boolean lawful = policy.purposes().values().stream().anyMatch(purpose ->
                    purpose.categories().contains(category) && purpose.basisIn(jurisdiction).isPresent());
            if (!lawful) {
                problems.add(where, "NO_LEGAL_BASIS", "category '" + category + "' has no purpose with a legal basis in "
                        + jurisdiction + "; give one of its purposes a basis for " + jurisdiction + " or DEFAULT");
            }
        }
    }

    private void checkBasesOffered(Policy policy, Purpose purpose) {
        for (Map.Entry<Jurisdiction, JurisdictionRules> entry : policy.jurisdictions().entrySet()) {
            JurisdictionRules rules = entry.getValue();
            if (rules.legalBases().isEmpty()) {
                continue;
            }
            purpose.basisIn(entry.getKey()).filter(basis -> !rules.legalBases().contains(basis)).ifPresent(basis ->
                    problems.add(references.purposes.get(purpose.key().value()), "BASIS_NOT_OFFERED", "purpose '"
                            + purpose.key() + "' relies on " + basis.key() + " in " + entry.getKey() + ", which lists "
                            + "only " + rules.legalBases().stream().map(LegalBasis::key).toList()));
        }
    }

    private void checkRecipientUse(Policy policy, Recipient recipient) {
        for (CategoryKey category : recipient.categories()) {
            boolean declared = recipient.purposes().stream().map(policy.purposes()::get)
                    .anyMatch(purpose -> purpose != null && purpose.categories().contains(category));
            if (!declared) {
                problems.add(references.recipients.get(recipient.key().value()), "UNDECLARED_USE", "recipient '"
                        + recipient.key() + "' receives '" + category + "' but none of its purposes "
                        + recipient.purposes() + " uses that category");
            }
        }
    }

    private void checkTransfers(Policy policy, Recipient recipient) {
        if (recipient.country().isEmpty()) {
            return;
        }
        for (JurisdictionRules rules : policy.jurisdictions().values()) {
            boolean abroad = !rules.countries().isEmpty()
                    && (recipient.isWorldwide() || !rules.countries().contains(recipient.country()));
            if (abroad && recipient.transfer().mechanismFor(rules.code()).isEmpty()) {
                problems.add(references.recipients.get(recipient.key().value()), "NO_TRANSFER_MECHANISM", "recipient '"
                        + recipient.key() + "' in " + recipient.country() + " receives data from " + rules.code()
                        + " without a transfer mechanism; add transfer.mechanisms." + rules.code() + " or DEFAULT");
            }
        }
    }

    private void checkSale(Policy policy) {
        for (Purpose purpose : policy.purposes().values()) {
            if (!purpose.sale() && !purpose.sharing()) {
                continue;
            }
            for (JurisdictionRules rules : policy.jurisdictions().values()) {
                if (rules.code().value().startsWith("US") && !rules.rights().contains(Right.OPT_OUT_SALE)) {
                    problems.add(references.purposes.get(purpose.key().value()), "SALE_WITHOUT_OPT_OUT", "purpose '"
                            + purpose.key() + "' is a sale or sharing, but " + rules.code() + " does not offer "
                            + "opt_out_sale");
                }
            }
        }
    }
}
