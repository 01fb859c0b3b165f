package dev.steward.decision;

import dev.steward.policy.CategoryKey;
import dev.steward.policy.DataCategory;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.JurisdictionRules;
import dev.steward.policy.LegalBasis;
import dev.steward.policy.Policy;
import dev.steward.policy.Purpose;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.Recipient;
import dev.steward.policy.RecipientKey;
import dev.steward.policy.RetentionRule;
import dev.steward.policy.RetentionTrigger;
import dev.steward.policy.Sensitivity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A policy flattened into arrays indexed by small integers, so that a decision is a handful of array
 * reads with no allocation. Built once per policy version. Immutable and thread-safe.
 */
final class CompiledPolicy {
    /** Purposes a CCPA "limit the use of sensitive data" request still allows (performing the service, security, the law). */
    static final List<String> PERMITTED_WHEN_LIMITED = List.of("provide", "fraud_prevention", "legal_obligation");

    final Policy policy;
    final Map<String, Integer> categories = new HashMap<>();
    final Map<String, Integer> purposes = new HashMap<>();
    final Map<String, Integer> recipients = new HashMap<>();
    final Map<String, Integer> jurisdictions = new HashMap<>();
    final String[] purposeKeys;
    final boolean[][] declared;
    final LegalBasis[][] basis;
    final int[][] ancestors;
    final boolean[] sensitive;
    final boolean[] saleOrSharing;
    final boolean[] interestBasedAds;
    final boolean[] allowedWhenClosed;
    /** Purposes that survive a restriction or an erasure's hold: legal obligations and what a hold keeps data for. */
    final boolean[] allowedWhenHeld;
    final String[] categoryKeys;
    final boolean[] permittedWhenLimited;
    final boolean[] notOfferedToChildren;
    final int guardianRequiredUnder;
    final int[] guardianConsentUnder;
    final boolean[] guardianConsentForAll;
    final boolean[][] recipientPurpose;
    final boolean[][] recipientCategory;
    final boolean[][] transferAllowed;
    /** Where the transfer to a recipient rests on the subject's consent (Korea's marketplace sellers). */
    final boolean[][] transferNeedsConsent;
    final String[] recipientKeys;

    CompiledPolicy(Policy policy) {
        this.policy = policy;
        index(policy.categories().keySet().stream().map(CategoryKey::value).toList(), categories);
        List<String> purposeList = policy.purposes().keySet().stream().map(PurposeKey::value).toList();
        index(purposeList, purposes);
        index(policy.recipients().keySet().stream().map(RecipientKey::value).toList(), recipients);
        index(policy.jurisdictions().keySet().stream().map(Jurisdiction::value).toList(), jurisdictions);
        int p = purposes.size();
        int c = categories.size();
        int j = jurisdictions.size();
        this.purposeKeys = purposeList.toArray(String[]::new);
        this.categoryKeys = policy.categories().keySet().stream().map(CategoryKey::value).toArray(String[]::new);
        this.declared = new boolean[p][c];
        this.basis = new LegalBasis[p][j];
        this.ancestors = new int[p][];
        this.saleOrSharing = new boolean[p];
        this.interestBasedAds = new boolean[p];
        this.allowedWhenClosed = new boolean[p];
        this.allowedWhenHeld = new boolean[p];
        this.permittedWhenLimited = new boolean[p];
        this.notOfferedToChildren = new boolean[p];
        this.sensitive = new boolean[c];
        for (DataCategory category : policy.categories().values()) {
            sensitive[categories.get(category.key().value())] = category.sensitivity() != Sensitivity.NORMAL;
        }
        for (Purpose purpose : policy.purposes().values()) {
            compilePurpose(purpose);
        }
        this.guardianRequiredUnder = policy.children().guardianRequiredUnder();
        this.guardianConsentUnder = new int[j];
        this.guardianConsentForAll = new boolean[j];
        for (JurisdictionRules rules : policy.jurisdictions().values()) {
            guardianConsentUnder[jurisdictions.get(rules.code().value())] = rules.guardianConsentUnder();
            guardianConsentForAll[jurisdictions.get(rules.code().value())] = rules.guardianConsentForAllProcessing();
        }
        int r = recipients.size();
        this.recipientPurpose = new boolean[r][p];
        this.recipientCategory = new boolean[r][c];
        this.transferAllowed = new boolean[r][j];
        this.transferNeedsConsent = new boolean[r][j];
        this.recipientKeys = policy.recipients().keySet().stream().map(RecipientKey::value).toArray(String[]::new);
        for (Recipient recipient : policy.recipients().values()) {
            compileRecipient(recipient);
        }
    }

    private void compilePurpose(Purpose purpose) {
        int index = purposes.get(purpose.key().value());
        purpose.categories().forEach(category -> declared[index][categories.get(category.value())] = true);
        for (Map.Entry<String, Integer> jurisdiction : jurisdictions.entrySet()) {
            basis[index][jurisdiction.getValue()] = purpose.basisIn(Jurisdiction.of(jurisdiction.getKey())).orElse(null);
        }
        List<Integer> chain = new ArrayList<>();
        for (Map.Entry<String, Integer> other : purposes.entrySet()) {
            if (purpose.key().isWithin(PurposeKey.of(other.getKey()))) {
                chain.add(other.getValue());
            }
        }
        ancestors[index] = chain.stream().mapToInt(Integer::intValue).toArray();
        saleOrSharing[index] = purpose.sale() || purpose.sharing();
        interestBasedAds[index] = purpose.key().isWithin(PurposeKey.of("marketing.interest_based_ads"));
        boolean held = policy.retention().stream().filter(rule -> !rule.hold().isEmpty())
                .map(RetentionRule::purposes).anyMatch(held2 -> held2.contains(purpose.key()));
        // A closed account's data serves legal obligations, the purposes a hold keeps it for, and the purposes
        // the closure rules leave usable during the grace period (reaching support, fetching invoices).
        boolean usableAfterClosure = policy.retention().stream()
                .filter(rule -> rule.trigger() == RetentionTrigger.ACCOUNT_CLOSED)
                .flatMap(rule -> rule.usableDuring().stream()).anyMatch(purpose.key()::isWithin);
        boolean legal = purpose.bases().get(Jurisdiction.DEFAULT) == LegalBasis.LEGAL_OBLIGATION;
        allowedWhenClosed[index] = held || usableAfterClosure || legal;
        // the closure grace period's conveniences (reaching support) do not survive a restriction or erasure
        allowedWhenHeld[index] = held || legal;
        permittedWhenLimited[index] = PERMITTED_WHEN_LIMITED.stream()
                .anyMatch(permitted -> purpose.key().isWithin(PurposeKey.of(permitted)));
        notOfferedToChildren[index] = policy.children().notOfferedToChildren().stream()
                .anyMatch(key -> purpose.key().isWithin(key));
    }

    private void compileRecipient(Recipient recipient) {
        int index = recipients.get(recipient.key().value());
        recipient.purposes().forEach(purpose -> recipientPurpose[index][purposes.get(purpose.value())] = true);
        recipient.categories().forEach(category -> recipientCategory[index][categories.get(category.value())] = true);
        for (JurisdictionRules rules : policy.jurisdictions().values()) {
            boolean abroad = !rules.countries().isEmpty()
                    && (recipient.isWorldwide() || !rules.countries().contains(recipient.country()));
            java.util.Optional<dev.steward.policy.TransferMechanism> mechanism = recipient.transfer()
                    .mechanismFor(rules.code());
            transferAllowed[index][jurisdictions.get(rules.code().value())] = !abroad || mechanism.isPresent();
            transferNeedsConsent[index][jurisdictions.get(rules.code().value())] = abroad
                    && mechanism.orElse(null) == dev.steward.policy.TransferMechanism.CONSENT;
        }
    }

    /** The index of a jurisdiction, falling back to DEFAULT for codes the policy has no section for. */
    int jurisdiction(Jurisdiction code) {
        Integer index = jurisdictions.get(code.value());
        return index != null ? index : jurisdictions.get(policy.resolve(code.value()).orElse(Jurisdiction.DEFAULT)
                .value());
    }

    private static void index(List<String> keys, Map<String, Integer> into) {
        for (String key : keys) {
            into.put(key, into.size());
        }
    }
}
