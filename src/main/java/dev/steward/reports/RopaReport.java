package dev.steward.reports;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.Contact;
import dev.steward.policy.ContactRole;
import dev.steward.policy.JurisdictionRules;
import dev.steward.policy.Policy;
import dev.steward.policy.Purpose;
import dev.steward.policy.Recipient;
import dev.steward.policy.RetentionRule;
import dev.steward.policy.SecurityMeasure;
import dev.steward.store.Database;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * GDPR Art. 30(1): the record of processing activities, one per controller entity the policy names (a
 * jurisdiction section with a {@code controller} contact): (a) controller, representative and DPO
 * contacts; (b) purposes with their legal basis there; (c) categories of data subjects (customers and
 * others, counted from the subjects held) and of personal data; (d) recipients; (e) transfers outside the
 * section's countries with their safeguard; (f) retention; (g) security measures. Thread-safe.
 */
public final class RopaReport {
    public static final String NAME = "ropa";
    private final Database database;
    private final Supplier<Policy> policy;

    public RopaReport(Database database, Supplier<Policy> policy) {
        this.database = database;
        this.policy = policy;
    }

    /** The records, one map per controller entity, in the policy's order. */
    public List<Map<String, Object>> compute(String language) {
        Policy current = policy.get();
        String lang = NoticeReports.language(current, language);
        List<Map<String, Object>> records = new ArrayList<>();
        for (JurisdictionRules rules : current.jurisdictions().values()) {
            List<Contact> controllers = rules.contacts(ContactRole.CONTROLLER);
            if (controllers.isEmpty()) {
                continue;
            }
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("jurisdiction", rules.code().value());
            record.put("name", rules.name().in(lang));
            record.put("controller", controllers.stream().map(contact -> contact(contact, lang)).toList());
            record.put("representative", rules.contacts(ContactRole.REPRESENTATIVE).stream()
                    .map(contact -> contact(contact, lang)).toList());
            record.put("dpo", rules.contacts(ContactRole.DPO).stream().map(contact -> contact(contact, lang)).toList());
            List<Map<String, Object>> purposes = new ArrayList<>();
            TreeSet<String> categories = new TreeSet<>();
            for (Purpose purpose : current.purposes().values()) {
                purpose.basisIn(rules.code()).ifPresent(basis -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("purpose", purpose.key().value());
                    item.put("title", purpose.title().in(lang));
                    item.put("legal_basis", basis.key());
                    List<String> keys = purpose.categories().stream().map(CategoryKey::value).sorted().toList();
                    item.put("categories", keys);
                    categories.addAll(keys);
                    purposes.add(item);
                });
            }
            record.put("purposes", purposes);
            record.put("data_subjects", subjects(rules));
            record.put("data_categories", categories.stream().map(key -> Map.of("category", key, "title",
                    current.findCategory(CategoryKey.of(key)).map(found -> found.title().in(lang)).orElse(key)))
                    .toList());
            List<Map<String, Object>> recipients = new ArrayList<>();
            List<Map<String, Object>> transfers = new ArrayList<>();
            for (Recipient recipient : current.recipients().values()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("recipient", recipient.key().value());
                item.put("name", recipient.name());
                item.put("kind", recipient.kind().key());
                item.put("country", recipient.country());
                recipients.add(item);
                if (recipient.isWorldwide() || !rules.countries().contains(recipient.country())) {
                    Map<String, Object> transfer = new LinkedHashMap<>(item);
                    transfer.put("safeguard", recipient.transfer().mechanismFor(rules.code())
                            .map(mechanism -> mechanism.key()).orElse("none"));
                    transfers.add(transfer);
                }
            }
            record.put("recipients", recipients);
            record.put("transfers", transfers);
            List<Map<String, Object>> retention = new ArrayList<>();
            for (RetentionRule rule : current.retention()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("rule", rule.id());
                item.put("categories", rule.categories().stream().map(CategoryKey::value).sorted().toList());
                item.put("trigger", rule.trigger().key());
                item.put("duration", rule.duration().toString());
                item.put("text", rule.text().in(lang));
                retention.add(item);
            }
            record.put("retention", retention);
            record.put("security", current.security().stream().map(measure -> security(measure, lang)).toList());
            records.add(record);
        }
        return records;
    }

    /** Categories of data subjects: customers and others held under this section, counted (no one named). */
    private List<Map<String, Object>> subjects(JurisdictionRules rules) {
        List<String> places = new ArrayList<>(rules.countries());
        places.add(rules.code().value());
        return database.read(handle -> handle.createQuery("SELECT customer, COUNT(*) FROM subject WHERE jurisdiction IN "
                + "(<j>) OR substr(jurisdiction, 1, 2) IN (<j>) GROUP BY customer ORDER BY customer DESC")
                .bindList("j", places).map((rs, ctx) -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("category", rs.getBoolean(1) ? "customers" : "prospective customers and other contacts");
                    item.put("subjects", rs.getLong(2));
                    return item;
                }).list());
    }

    private static Map<String, Object> contact(Contact contact, String lang) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", contact.name());
        if (contact.address() != null && !contact.address().isEmpty()) {
            item.put("address", contact.address());
        }
        if (contact.email() != null && !contact.email().isEmpty()) {
            item.put("email", contact.email());
        }
        if (contact.phone() != null && !contact.phone().isEmpty()) {
            item.put("phone", contact.phone());
        }
        return item;
    }

    private static Map<String, Object> security(SecurityMeasure measure, String lang) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("measure", measure.id());
        item.put("text", measure.text().in(lang));
        if (measure.standard() != null && !measure.standard().isEmpty()) {
            item.put("standard", measure.standard());
        }
        return item;
    }

    /** The report in {@code format}: json, csv (one line per controller and purpose) or md. */
    @SuppressWarnings("unchecked")
    public Reports.Rendered render(String format, String language) {
        List<Map<String, Object>> records = compute(language);
        switch (format) {
            case "json" -> {
                return Reports.Rendered.json(Map.of("report", NAME, "records", records));
            }
            case "csv" -> {
                List<List<String>> lines = new ArrayList<>();
                for (Map<String, Object> record : records) {
                    String controller = String.join("; ", ((List<Map<String, Object>>) record.get("controller")).stream()
                            .map(contact -> String.valueOf(contact.get("name"))).toList());
                    for (Map<String, Object> purpose : (List<Map<String, Object>>) record.get("purposes")) {
                        lines.add(List.of((String) record.get("jurisdiction"), controller, (String) purpose.get("purpose"),
                                (String) purpose.get("title"), (String) purpose.get("legal_basis"),
                                String.join(" ", (List<String>) purpose.get("categories"))));
                    }
                }
                return Reports.Rendered.csv(Csv.of(List.of("jurisdiction", "controller",
                        "purpose", "title", "legal_basis", "categories"), lines));
            }
            case "md" -> {
                StringBuilder out = new StringBuilder("# Record of processing activities (GDPR Art. 30)\n");
                for (Map<String, Object> record : records) {
                    out.append("\n## ").append(record.get("name")).append(" (").append(record.get("jurisdiction"))
                            .append(")\n\n");
                    for (String role : List.of("controller", "representative", "dpo")) {
                        for (Map<String, Object> contact : (List<Map<String, Object>>) record.get(role)) {
                            out.append("- ").append(role).append(": ").append(String.join(", ", contact.values().stream()
                                    .map(String::valueOf).toList())).append('\n');
                        }
                    }
                    out.append("\n| purpose | legal basis | categories of personal data |\n| --- | --- | --- |\n");
                    for (Map<String, Object> purpose : (List<Map<String, Object>>) record.get("purposes")) {
                        out.append("| ").append(purpose.get("title")).append(" | ").append(purpose.get("legal_basis"))
                                .append(" | ").append(String.join(", ", (List<String>) purpose.get("categories")))
                                .append(" |\n");
                    }
                    out.append("\nData subjects: ");
                    out.append(String.join("; ", ((List<Map<String, Object>>) record.get("data_subjects")).stream()
                            .map(item -> item.get("category") + " (" + item.get("subjects") + ")").toList()));
                    out.append("\n\nTransfers: ").append(String.join("; ", ((List<Map<String, Object>>) record
                            .get("transfers")).stream().map(item -> item.get("name") + " → " + item.get("country") + " ("
                            + item.get("safeguard") + ")").toList()));
                    out.append("\n\nRetention: ").append(String.join("; ", ((List<Map<String, Object>>) record
                            .get("retention")).stream().map(item -> item.get("rule") + " " + item.get("duration"))
                            .toList()));
                    out.append("\n\nSecurity: ").append(String.join("; ", ((List<Map<String, Object>>) record
                            .get("security")).stream().map(item -> String.valueOf(item.get("measure"))).toList()))
                            .append('\n');
                }
                return Reports.Rendered.markdown(out.toString());
            }
            default -> throw new StewardException(ErrorCode.INVALID_FIELD, "format", "expected json, csv or md");
        }
    }
}
