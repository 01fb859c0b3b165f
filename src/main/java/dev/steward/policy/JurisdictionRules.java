package dev.steward.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What applies to people in one jurisdiction: its name and notice heading (empty: the name), countries, law, contacts, legal bases, rights,
 * request deadlines (per request type, {@code default} for the rest), the age under which a guardian
 * must consent (0 when the law sets none) and whether that covers all processing or only processing
 * based on consent, extra disclosures, the jurisdiction whose notice heading it
 * shares ({@code headingOf}, empty for its own), generated tables, and values not confirmed against a
 * primary source ({@code unverified}: field → why). Immutable.
 */
public record JurisdictionRules(Jurisdiction code, LocalizedText name, LocalizedText heading, List<String> countries,
                                String law,
                                List<Contact> contacts, List<LegalBasis> legalBases, List<Right> rights,
                                LocalizedText rightsChannels, Map<String, Deadline> deadlines,
                                int guardianConsentUnder, boolean guardianConsentForAllProcessing,
                                boolean withdrawalStopsProcessing,
                                List<LocalizedText> disclosures, String headingOf, List<NoticeTable> tables,
                                Map<String, String> unverified) {
    public JurisdictionRules {
        countries = List.copyOf(countries);
        contacts = List.copyOf(contacts);
        legalBases = List.copyOf(legalBases);
        rights = List.copyOf(rights);
        deadlines = Map.copyOf(deadlines);
        disclosures = List.copyOf(disclosures);
        tables = List.copyOf(tables);
        unverified = Map.copyOf(unverified);
    }

    /** The deadline for {@code requestType}, or the jurisdiction's default deadline. */
    public Optional<Deadline> deadlineFor(String requestType) {
        Deadline deadline = deadlines.get(requestType);
        return Optional.ofNullable(deadline != null ? deadline : deadlines.get("default"));
    }

    public List<Contact> contacts(ContactRole role) {
        return contacts.stream().filter(contact -> contact.role() == role).toList();
    }
}
