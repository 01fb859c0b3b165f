package dev.steward.policy.internal;

import dev.steward.error.DidYouMean;
import dev.steward.policy.ArchiveRules;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.CcpaCategory;
import dev.steward.policy.ChildrenRules;
import dev.steward.policy.Contact;
import dev.steward.policy.ContactRole;
import dev.steward.policy.Cookie;
import dev.steward.policy.CookieCategory;
import dev.steward.policy.DayCounting;
import dev.steward.policy.Deadline;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.JurisdictionRules;
import dev.steward.policy.LegalBasis;
import dev.steward.policy.LegalHold;
import dev.steward.policy.LocalizedText;
import dev.steward.policy.NoticeTable;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.RetentionRule;
import dev.steward.policy.RetentionTrigger;
import dev.steward.policy.Right;
import dev.steward.policy.Section;
import dev.steward.policy.SectionContent;
import dev.steward.policy.SecurityMeasure;
import dev.steward.policy.internal.Node.Entry;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Binds the rule parts of a policy: retention and holds, jurisdictions, CCPA categories, cookies,
 * security measures, children, archive and the notice sections. Not thread-safe; one per load.
 */
final class RulesBinder {
    private final References references;

    RulesBinder(References references) {
        this.references = references;
    }

    List<RetentionRule> retention(Fields top) {
        Set<String> allowed = Set.of("id", "categories", "purposes", "trigger", "duration", "hold", "usable_during",
                "requires", "text", "unverified");
        List<RetentionRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Node node : top.list("retention")) {
            Fields.open(top.context(), node, "retention[" + rules.size() + "]", node.location(), allowed,
                    Set.of("id", "categories", "trigger", "duration", "text")).ifPresent(fields -> {
                        String id = fields.string("id");
                        if (!ids.add(id)) {
                            fields.problems().add(fields.locationOf("id"), "DUPLICATE_ID", "retention rule id '" + id
                                    + "' is used twice");
                        }
                        String hold = fields.has("hold") ? references.exact(fields, "hold", references.holds, "hold")
                                : null;
                        references.texts.put("retention." + id, fields.locationOf("text"));
                        rules.add(new RetentionRule(id,
                                references.resolve(fields, "categories", references.categories, "category",
                                        CategoryKey::of),
                                references.resolve(fields, "purposes", references.purposes, "purpose", PurposeKey::of),
                                fields.enumValue("trigger", RetentionTrigger.class, RetentionTrigger.COLLECTED),
                                fields.period("duration", Period.ZERO), hold == null ? "" : hold,
                                references.resolve(fields, "usable_during", references.purposes, "purpose",
                                        PurposeKey::of),
                                references.resolve(fields, "requires", references.categories, "category",
                                        CategoryKey::of), fields.text("text"), fields.stringList("unverified")));
                    });
        }
        return rules;
    }

    Map<String, LegalHold> holds(Fields top) {
        Map<String, LegalHold> holds = new LinkedHashMap<>();
        for (Entry entry : top.entries("holds")) {
            Fields.open(top.context(), entry.value(), "holds." + entry.key(), entry.keyLocation(),
                    Set.of("title", "text"), Set.of("title", "text")).ifPresent(fields -> holds.put(entry.key(),
                            new LegalHold(entry.key(), fields.text("title"), fields.text("text"))));
        }
        return holds;
    }

    Map<Jurisdiction, JurisdictionRules> jurisdictions(Fields top) {
        Set<String> allowed = Set.of("name", "heading", "countries", "law", "contacts", "legal_bases", "rights", "rights_channels",
                "deadlines", "guardian_consent_under", "guardian_consent_applies_to", "withdrawal_stops_processing", "disclosures", "heading_of",
                "notice_tables", "unverified");
        Map<Jurisdiction, JurisdictionRules> rules = new LinkedHashMap<>();
        for (Entry entry : top.entries("jurisdictions")) {
            if (!references.jurisdictions.containsKey(entry.key())) {
                continue;
            }
            Fields.open(top.context(), entry.value(), "jurisdictions." + entry.key(), entry.keyLocation(), allowed,
                    Set.of("name", "rights", "deadlines")).ifPresent(fields -> rules.put(Jurisdiction.of(entry.key()),
                            jurisdiction(entry.key(), fields)));
        }
        return rules;
    }

    private JurisdictionRules jurisdiction(String code, Fields fields) {
        for (Node.ScalarNode country : fields.scalarList("countries")) {
            if (!country.text().matches("[A-Z]{2}")) {
                fields.problems().add(country.location(), "BAD_VALUE", "'" + fields.qualified("countries")
                        + "' must list ISO 3166 country codes like DE; found '" + country.text() + "'");
            }
        }
        List<LocalizedText> disclosures = new ArrayList<>();
        List<Node> items = fields.list("disclosures");
        for (int i = 0; i < items.size(); i++) {
            disclosures.add(fields.context().text(items.get(i), fields.qualified("disclosures") + "." + i));
        }
        int guardianUnder = fields.integer("guardian_consent_under", 0);
        if (guardianUnder < 0 || guardianUnder > 21) {
            fields.problems().add(fields.locationOf("guardian_consent_under"), "BAD_VALUE", "'"
                    + fields.qualified("guardian_consent_under") + "' must be an age between 0 and 21");
        }
        return new JurisdictionRules(Jurisdiction.of(code), fields.text("name"), fields.text("heading"),
                fields.stringList("countries"),
                fields.string("law"), contacts(fields), fields.enumList("legal_bases", LegalBasis.class),
                fields.enumList("rights", Right.class), fields.text("rights_channels"), deadlines(fields),
                guardianUnder, guardianScope(fields), fields.bool("withdrawal_stops_processing", false), disclosures, headingOf(fields),
                fields.enumList("notice_tables", NoticeTable.class), unverified(fields));
    }

    /** Whether the guardian's consent is needed for all processing (Korea) or only consent-based processing. */
    private static boolean guardianScope(Fields fields) {
        String scope = fields.has("guardian_consent_applies_to") ? fields.string("guardian_consent_applies_to")
                : "consent_based";
        if (!scope.equals("all_processing") && !scope.equals("consent_based")) {
            fields.problems().add(fields.locationOf("guardian_consent_applies_to"), "UNKNOWN_VALUE", "'"
                    + fields.qualified("guardian_consent_applies_to") + "' must be all_processing or consent_based, "
                    + "found '" + scope + "'");
        }
        return scope.equals("all_processing");
    }

    private String headingOf(Fields fields) {
        String headingOf = fields.has("heading_of")
                ? references.exact(fields, "heading_of", references.jurisdictions, "jurisdiction") : null;
        return headingOf == null ? "" : headingOf;
    }

    private List<Contact> contacts(Fields fields) {
        Set<String> allowed = Set.of("role", "name", "address", "email", "phone", "attention", "url", "note");
        List<Contact> contacts = new ArrayList<>();
        for (Node node : fields.list("contacts")) {
            Fields.open(fields.context(), node, fields.qualified("contacts") + "[" + contacts.size() + "]",
                    node.location(), allowed, Set.of("role", "name")).ifPresent(contact -> {
                        String email = contact.string("email");
                        if (!email.isEmpty() && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                            contact.problems().add(contact.locationOf("email"), "BAD_VALUE", "'"
                                    + contact.qualified("email") + "' is not an e-mail address");
                        }
                        contacts.add(new Contact(contact.enumValue("role", ContactRole.class, ContactRole.PRIVACY_CONTACT),
                                contact.string("name"), contact.string("address"), email, contact.string("phone"),
                                contact.string("attention"), contact.string("url"),
                                contact.has("note") ? contact.text("note") : LocalizedText.EMPTY));
                    });
        }
        return contacts;
    }

    private Map<String, Deadline> deadlines(Fields fields) {
        Set<String> types = new HashSet<>(Stream.of(Right.values()).map(right -> right.key()).toList());
        types.add("default");
        Set<String> allowed = Set.of("period", "counting", "extension", "acknowledge", "acknowledge_counting");
        Map<String, Deadline> deadlines = new LinkedHashMap<>();
        for (Entry entry : fields.entries("deadlines")) {
            if (!types.contains(entry.key())) {
                fields.problems().add(entry.keyLocation(), "UNKNOWN_FIELD", "'" + fields.qualified("deadlines")
                        + "' has no request type '" + entry.key() + "'" + DidYouMean.hint(entry.key(), types));
                continue;
            }
            Fields.open(fields.context(), entry.value(), fields.qualified("deadlines") + "." + entry.key(),
                    entry.keyLocation(), allowed, Set.of("period")).ifPresent(deadline -> deadlines.put(entry.key(),
                            deadline(deadline)));
        }
        if (!deadlines.containsKey("default") && fields.has("deadlines")) {
            fields.problems().add(fields.locationOf("deadlines"), "MISSING_FIELD", "'" + fields.qualified("deadlines")
                    + "' needs a 'default' deadline for request types without their own");
        }
        return deadlines;
    }

    private static Deadline deadline(Fields deadline) {
        DayCounting counting = deadline.enumValue("counting", DayCounting.class, DayCounting.CALENDAR);
        Period period = deadline.period("period", Period.ZERO);
        if (counting == DayCounting.BUSINESS && (period.getMonths() != 0 || period.getYears() != 0)) {
            deadline.problems().add(deadline.locationOf("period"), "BAD_DURATION", "'" + deadline.qualified("period")
                    + "' counts business days, so it must be given in days (like P10D)");
        }
        return new Deadline(period, counting, deadline.period("extension", Period.ZERO),
                deadline.period("acknowledge", Period.ZERO),
                deadline.enumValue("acknowledge_counting", DayCounting.class, DayCounting.CALENDAR));
    }

    private static Map<String, String> unverified(Fields fields) {
        Map<String, String> unverified = new LinkedHashMap<>();
        for (Entry entry : fields.entries("unverified")) {
            if (entry.value() instanceof Node.ScalarNode scalar) {
                unverified.put(entry.key(), scalar.text());
            } else {
                fields.problems().add(entry.value().location(), "WRONG_TYPE", "'" + fields.qualified("unverified")
                        + "." + entry.key() + "' must say why the value is unverified");
            }
        }
        return unverified;
    }

    Map<String, CcpaCategory> ccpaCategories(Fields top) {
        Map<String, CcpaCategory> categories = new LinkedHashMap<>();
        for (Entry entry : top.entries("ccpa_categories")) {
            Fields.open(top.context(), entry.value(), "ccpa_categories." + entry.key(), entry.keyLocation(),
                    Set.of("title", "collected", "disclosed"), Set.of("title", "collected")).ifPresent(fields ->
                            categories.put(entry.key(), new CcpaCategory(entry.key(), fields.text("title"),
                                    fields.text("collected"), fields.text("disclosed"))));
        }
        return categories;
    }

    List<Cookie> cookies(Fields top) {
        Set<String> allowed = Set.of("name", "category", "purpose", "duration", "party", "text");
        List<Cookie> cookies = new ArrayList<>();
        for (Node node : top.list("cookies")) {
            Fields.open(top.context(), node, "cookies[" + cookies.size() + "]", node.location(), allowed,
                    Set.of("name", "category", "purpose", "duration", "party", "text")).ifPresent(fields -> {
                        String purpose = references.exact(fields, "purpose", references.purposes, "purpose");
                        String duration = fields.string("duration");
                        Period period = "session".equals(duration) ? Period.ZERO
                                : fields.period("duration", Period.ZERO);
                        String party = fields.string("party");
                        if (!party.equals("first") && !party.equals("third")) {
                            fields.problems().add(fields.locationOf("party"), "UNKNOWN_VALUE", "'"
                                    + fields.qualified("party") + "' must be first or third, found '" + party + "'");
                        }
                        cookies.add(new Cookie(fields.string("name"), fields.enumValue("category", CookieCategory.class,
                                CookieCategory.ESSENTIAL), purpose == null ? null : PurposeKey.of(purpose), period,
                                !party.equals("third"), fields.text("text")));
                    });
        }
        return cookies;
    }

    List<SecurityMeasure> security(Fields top) {
        List<SecurityMeasure> measures = new ArrayList<>();
        for (Node node : top.list("security")) {
            Fields.open(top.context(), node, "security[" + measures.size() + "]", node.location(),
                    Set.of("id", "text", "standard"), Set.of("id", "text")).ifPresent(fields -> measures.add(
                            new SecurityMeasure(fields.string("id"), fields.text("text"), fields.string("standard"))));
        }
        return measures;
    }

    ChildrenRules children(Fields top) {
        return top.nested("children", Set.of("guardian_required_under", "not_offered", "text"),
                Set.of("guardian_required_under", "text")).map(fields -> {
                    references.texts.put("children", fields.locationOf("text"));
                    return fields;
                }).map(fields -> new ChildrenRules(
                        fields.integer("guardian_required_under", 0),
                        references.resolve(fields, "not_offered", references.purposes, "purpose", PurposeKey::of),
                        fields.text("text"))).orElse(new ChildrenRules(0, Set.of(), LocalizedText.EMPTY));
    }

    ArchiveRules archive(Fields top) {
        return top.nested("archive", Set.of("categories", "keep", "text", "unverified"), Set.of("categories", "keep"))
                .map(fields -> new ArchiveRules(references.resolve(fields, "categories", references.categories,
                        "category", CategoryKey::of), fields.period("keep", Period.ZERO), fields.text("text"),
                        fields.stringList("unverified")))
                .orElse(new ArchiveRules(Set.of(), Period.ZERO, LocalizedText.EMPTY, List.of()));
    }

    List<Section> sections(Fields top) {
        List<Section> sections = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Node node : top.list("sections")) {
            Fields.open(top.context(), node, "sections[" + sections.size() + "]", node.location(),
                    Set.of("id", "level", "title", "text", "content"), Set.of("id", "title")).ifPresent(fields -> {
                        String id = fields.string("id");
                        if (!ids.add(id)) {
                            fields.problems().add(fields.locationOf("id"), "DUPLICATE_ID", "section id '" + id
                                    + "' is used twice");
                        }
                        Fields textPath = fields.withPath("sections." + id);
                        references.texts.put("section." + id, fields.locationOf("text"));
                        int level = fields.integer("level", 2);
                        if (level != 2 && level != 3) {
                            fields.problems().add(fields.locationOf("level"), "BAD_VALUE", "'"
                                    + fields.qualified("level") + "' must be 2 (a section) or 3 (a subsection)");
                        }
                        sections.add(new Section(id, level, textPath.text("title"),
                                fields.has("text") ? textPath.text("text") : LocalizedText.EMPTY,
                                fields.enumValue("content", SectionContent.class, SectionContent.NONE)));
                    });
        }
        return sections;
    }
}
