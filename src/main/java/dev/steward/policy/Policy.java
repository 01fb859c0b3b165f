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

    /** The rules that apply to people in {@code code} (see {@link #resolve}); DEFAULT's for places it names not. */
    public JurisdictionRules rulesFor(Jurisdiction code) {
        JurisdictionRules rules = jurisdictions.get(code);
        if (rules != null) {
            return rules;
        }
        return jurisdictions.get(resolve(code.value()).orElse(Jurisdiction.DEFAULT));
    }

    private static final java.util.Set<String> COUNTRIES = java.util.Set.of(java.util.Locale.getISOCountries());

    /**
     * The section of this policy that governs people in {@code code}: the section of that name; else the
     * section of a group or country that lists the country among its {@code countries} ({@code DE} and
     * {@code DE-BY} → {@code EEA}, {@code GB} → {@code UK}; sections for a region such as {@code US-CA}
     * name their country for phone numbers only and take in no other region); else {@code DEFAULT} for
     * any real ISO 3166 country or subdivision. Empty for codes that name no place ({@code XX}, {@code ZZZ}).
     */
    public Optional<Jurisdiction> resolve(String code) {
        if (code == null || !Jurisdiction.isValid(code)) {
            return Optional.empty();
        }
        Jurisdiction given = Jurisdiction.of(code);
        if (jurisdictions.containsKey(given)) {
            return Optional.of(given);
        }
        String country = code.length() > 2 && code.charAt(2) == '-' ? code.substring(0, 2) : code;
        if (!COUNTRIES.contains(country)) {
            return Optional.empty();
        }
        for (JurisdictionRules rules : jurisdictions.values()) {
            if (!rules.code().value().contains("-") && rules.countries().contains(country)) {
                return Optional.of(rules.code());
            }
        }
        return Optional.of(Jurisdiction.DEFAULT);
    }
}
