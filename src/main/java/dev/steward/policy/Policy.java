package dev.steward.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated privacy policy: the single source from which the notice is rendered and the rules are
 * enforced. Maps keep the order of the policy file. Built only by {@link PolicyLoader}; immutable and safe to share between threads.
 */
public record Policy(PolicyMeta meta, Map<CategoryKey, DataCategory> categories,
                     Map<PurposeKey, Purpose> purposes, Map<RecipientKey, Recipient> recipients,
                     List<RetentionRule> retention, Map<String, LegalHold> holds,
                     Map<Jurisdiction, JurisdictionRules> jurisdictions, Map<String, CcpaCategory> ccpaCategories,
                     List<Cookie> cookies, List<SecurityMeasure> security, ChildrenRules children,
                     ArchiveRules archive, List<Section> sections) {
    public Policy {
        categories = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(categories));
        purposes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(purposes));
        recipients = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(recipients));
        retention = List.copyOf(retention);
        holds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(holds));
        jurisdictions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(jurisdictions));
        ccpaCategories = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ccpaCategories));
        cookies = List.copyOf(cookies);
        security = List.copyOf(security);
        sections = List.copyOf(sections);
    }

    public Optional<DataCategory> findCategory(CategoryKey key) {
        return Optional.ofNullable(categories.get(key));
    }

    public Optional<Purpose> findPurpose(PurposeKey key) {
        return Optional.ofNullable(purposes.get(key));
    }

    public Optional<Recipient> findRecipient(RecipientKey key) {
        return Optional.ofNullable(recipients.get(key));
    }

    /** The rules of {@code code}, or of {@code DEFAULT} when the policy has no section for it. */
    public JurisdictionRules rulesFor(Jurisdiction code) {
        JurisdictionRules rules = jurisdictions.get(code);
        return rules != null ? rules : jurisdictions.get(Jurisdiction.DEFAULT);
    }
}
