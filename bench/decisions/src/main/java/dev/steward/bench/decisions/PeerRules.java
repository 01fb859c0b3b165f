package dev.steward.bench.decisions;

import dev.steward.policy.CategoryKey;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.LegalBasis;
import dev.steward.policy.Policy;
import dev.steward.policy.Purpose;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rules the workload exercises, written out in Cedar and in SAPL from the same Steward policy:
 * a purpose is allowed for its declared categories; where its basis is consent in the subject's
 * jurisdiction, only with consent; a restricted subject only for legal obligations and fraud
 * prevention; an ads opt-out stops interest-based ads.
 */
final class PeerRules {
    private PeerRules() { }

    static String cedar(Policy policy) {
        StringBuilder out = new StringBuilder();
        for (String key : Workload.PURPOSES) {
            Purpose purpose = policy.findPurpose(dev.steward.policy.PurposeKey.of(key)).orElseThrow();
            out.append("permit(principal, action == Action::\"").append(key).append("\", resource) when { ")
                    .append(list(categories(purpose))).append(".contains(resource.name) && (!")
                    .append(list(consentJurisdictions(policy, purpose)))
                    .append(".contains(principal.jurisdiction) || principal.consents.contains(\"").append(key)
                    .append("\")) };\n");
        }
        out.append("forbid(principal, action, resource) when { principal.restricted } unless { "
                + "action == Action::\"legal_obligation\" || action == Action::\"fraud_prevention\" };\n");
        out.append("forbid(principal, action == Action::\"marketing.interest_based_ads\", resource) when { "
                + "principal.optOutAds };\n");
        return out.toString();
    }

    static List<String> sapl(Policy policy) {
        List<String> documents = new ArrayList<>();
        for (String key : Workload.PURPOSES) {
            Purpose purpose = policy.findPurpose(dev.steward.policy.PurposeKey.of(key)).orElseThrow();
            documents.add("policy \"" + key + "\"\npermit action == \"" + key + "\"\nwhere\n  resource in "
                    + list(categories(purpose)) + ";\n  !(subject.jurisdiction in " + list(consentJurisdictions(policy,
                    purpose)) + ") || \"" + key + "\" in subject.consents;\n");
        }
        documents.add("policy \"restricted\"\ndeny\nwhere\n  subject.restricted == true;\n"
                + "  !(action in [\"legal_obligation\", \"fraud_prevention\"]);\n");
        documents.add("policy \"ads opt-out\"\ndeny action == \"marketing.interest_based_ads\"\nwhere\n"
                + "  subject.optOutAds == true;\n");
        return documents;
    }

    /**
     * The workload's categories the purpose covers: a purpose declared for a parent ({@code contact})
     * covers its children ({@code contact.phone}), as Steward's engine decides.
     */
    private static List<String> categories(Purpose purpose) {
        return Workload.CATEGORIES.stream().filter(category -> purpose.categories().stream()
                .anyMatch(declared -> CategoryKey.of(category).isWithin(declared))).sorted().toList();
    }

    /** The workload's jurisdictions in which the purpose rests on consent (unknown codes use DEFAULT). */
    private static List<String> consentJurisdictions(Policy policy, Purpose purpose) {
        return Workload.JURISDICTIONS.stream()
                .filter(code -> purpose.basisIn(policy.jurisdictions().containsKey(Jurisdiction.of(code))
                        ? Jurisdiction.of(code) : Jurisdiction.DEFAULT).orElse(null) == LegalBasis.CONSENT)
                .toList();
    }

    private static String list(List<String> values) {
        return values.stream().map(value -> "\"" + value + "\"").collect(Collectors.joining(", ", "[", "]"));
    }
}
