package dev.steward.policy.internal;

import dev.steward.error.DidYouMean;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.DataCategory;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.LegalBasis;
import dev.steward.policy.LocalizedText;
import dev.steward.policy.Policy;
import dev.steward.policy.PolicyMeta;
import dev.steward.policy.PriorVersion;
import dev.steward.policy.Purpose;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.Recipient;
import dev.steward.policy.RecipientKey;
import dev.steward.policy.RecipientKind;
import dev.steward.policy.Sensitivity;
import dev.steward.policy.Source;
import dev.steward.policy.Transfer;
import dev.steward.policy.TransferMechanism;
import dev.steward.policy.internal.Node.Entry;
import dev.steward.policy.internal.Node.Location;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.function.Predicate;

/**
 * Turns a policy's {@link Node} tree into the {@link Policy} model: first the declared keys, then
 * each part, then the cross-checks of {@link PolicyChecks}. Every problem is collected; the model is
 * returned only when there are none. Not thread-safe; one per load.
 */
public final class PolicyBinder {
    static final Set<String> ROOT_FIELDS = Set.of("steward", "policy", "sections", "categories", "purposes",
            "recipients", "retention", "holds", "jurisdictions", "ccpa_categories", "cookies", "security", "children",
            "archive", "translations");
    private static final Set<String> ROOT_REQUIRED = Set.of("steward", "policy", "sections", "categories", "purposes",
            "jurisdictions");

    private final Problems problems;
    private final References references = new References();

    public PolicyBinder(Problems problems) {
        this.problems = problems;
    }

    /** The languages and translation files named by the root, read before anything else needs them. */
    public record Header(String id, List<String> languages, List<String> translationFiles) { }

    public Optional<Header> header(Node root) {
        if (!(root instanceof Node.MapNode map)) {
            problems.add(root.location(), "WRONG_TYPE", "a policy file must be a mapping that starts with 'steward: 1'");
            return Optional.empty();
        }
        List<String> languages = map.get("policy").flatMap(policy -> policy instanceof Node.MapNode inner
                ? inner.get("languages") : Optional.empty()).map(PolicyBinder::scalars).orElse(List.of());
        List<String> translations = map.get("translations").map(PolicyBinder::scalars).orElse(List.of());
        String id = map.get("policy").flatMap(policy -> policy instanceof Node.MapNode inner ? inner.get("id")
                : Optional.empty()).filter(Node.ScalarNode.class::isInstance)
                .map(node -> ((Node.ScalarNode) node).text()).orElse("");
        return Optional.of(new Header(id, languages, translations));
    }

    private static List<String> scalars(Node node) {
        if (!(node instanceof Node.ListNode list)) {
            return List.of();
        }
        return list.items().stream().filter(Node.ScalarNode.class::isInstance)
                .map(item -> ((Node.ScalarNode) item).text()).toList();
    }

    public Optional<Policy> bind(Node root, TextContext context) {
        Fields top = Fields.open(context, root, "", root.location(), ROOT_FIELDS, ROOT_REQUIRED).orElseThrow();
        if (top.has("steward") && top.integer("steward", 0) != 1) {
            problems.add(top.locationOf("steward"), "UNSUPPORTED_FORMAT", "'steward' must be 1, the only policy format "
                    + "this version of Steward reads");
        }
        declare(top);
        PolicyMeta meta = meta(top);
        Map<CategoryKey, DataCategory> categories = categories(top);
        Map<PurposeKey, Purpose> purposes = purposes(top);
        Map<RecipientKey, Recipient> recipients = recipients(top);
        RulesBinder rules = new RulesBinder(references);
        Policy policy = new Policy(meta, categories, purposes, recipients,
                rules.retention(top), rules.holds(top), rules.jurisdictions(top), rules.ccpaCategories(top),
                rules.cookies(top), rules.security(top), rules.children(top), rules.archive(top), rules.sections(top));
        new PolicyChecks(problems, references).check(policy);
        return problems.isEmpty() ? Optional.of(policy) : Optional.empty();
    }

    private void declare(Fields top) {
        declareKeys(top, "categories", references.categories, CategoryKey::isValid, "a category key like contact.email");
        declareKeys(top, "purposes", references.purposes, PurposeKey::isValid, "a purpose key like marketing");
        declareKeys(top, "recipients", references.recipients, RecipientKey::isValid,
                "a recipient key like service_providers.marketo");
        declareKeys(top, "jurisdictions", references.jurisdictions, Jurisdiction::isValid,
                "a jurisdiction code like KR, US-CA, EEA or DEFAULT");
        declareKeys(top, "holds", references.holds, key -> key.matches("[a-z][a-z0-9_]*"), "a lower-case word");
        declareKeys(top, "ccpa_categories", references.ccpa, key -> key.matches("[a-z][a-z0-9_]*"), "a lower-case word");
    }

    private void declareKeys(Fields top, String field, Map<String, Location> into, Predicate<String> valid,
                             String expected) {
        for (Entry entry : top.entries(field)) {
            if (valid.test(entry.key())) {
                into.put(entry.key(), entry.keyLocation());
            } else {
                problems.add(entry.keyLocation(), "BAD_KEY", "'" + field + "' key '" + entry.key() + "' is not "
                        + expected);
            }
        }
    }

    private PolicyMeta meta(Fields top) {
        Set<String> allowed = Set.of("id", "version", "effective", "last_updated", "languages", "prevailing_language",
                "title", "preamble", "prior_versions");
        Optional<Fields> open = top.nested("policy", allowed,
                Set.of("id", "version", "effective", "last_updated", "languages", "title"));
        if (open.isEmpty()) {
            return null;
        }
        Fields policy = open.get();
        List<String> languages = policy.stringList("languages");
        for (Node.ScalarNode language : policy.scalarList("languages")) {
            if (!language.text().matches("[a-z]{2,3}(-[A-Z][A-Za-z]{1,3})?")) {
                problems.add(language.location(), "BAD_LANGUAGE", "'policy.languages' has '" + language.text()
                        + "', which is not a language tag like en or zh-CN");
            }
        }
        String prevailing = policy.has("prevailing_language") ? policy.string("prevailing_language")
                : languages.isEmpty() ? "en" : languages.get(0);
        if (policy.has("prevailing_language") && !languages.contains(prevailing)) {
            problems.add(policy.locationOf("prevailing_language"), "UNKNOWN_LANGUAGE", "'policy.prevailing_language' '"
                    + prevailing + "' is not one of the policy languages " + languages);
        }
        List<PriorVersion> prior = new ArrayList<>();
        for (Node node : policy.list("prior_versions")) {
            Fields.open(policy.context(), node, "policy.prior_versions", node.location(),
                    Set.of("version", "url"), Set.of("version"))
                    .ifPresent(version -> prior.add(new PriorVersion(version.string("version"), version.string("url"))));
        }
        return new PolicyMeta(policy.string("id"), policy.string("version"), policy.date("effective"),
                policy.date("last_updated"), languages, prevailing, policy.text("title"), policy.text("preamble"), prior);
    }

    private Map<CategoryKey, DataCategory> categories(Fields top) {
        Set<String> allowed = Set.of("title", "sources", "sensitivity", "ccpa", "examples", "unverified");
        Map<CategoryKey, DataCategory> categories = new LinkedHashMap<>();
        for (Entry entry : top.entries("categories")) {
            if (!references.categories.containsKey(entry.key())) {
                continue;
            }
            Fields.open(top.context(), entry.value(), "categories." + entry.key(), entry.keyLocation(), allowed,
                    Set.of("title", "sources")).ifPresent(fields -> {
                        Set<Source> sources = EnumSet.noneOf(Source.class);
                        sources.addAll(fields.enumList("sources", Source.class));
                        String ccpa = fields.has("ccpa") ? references.exact(fields, "ccpa", references.ccpa,
                                "CCPA category") : null;
                        CategoryKey key = CategoryKey.of(entry.key());
                        categories.put(key, new DataCategory(key, fields.text("title"), sources,
                                fields.enumValue("sensitivity", Sensitivity.class, Sensitivity.NORMAL),
                                ccpa == null ? "" : ccpa, fields.text("examples"), fields.stringList("unverified")));
                    });
        }
        return categories;
    }

    private Map<PurposeKey, Purpose> purposes(Fields top) {
        Set<String> allowed = Set.of("title", "text", "categories", "basis", "opt_out", "sale", "sharing");
        Map<PurposeKey, Purpose> purposes = new LinkedHashMap<>();
        for (Entry entry : top.entries("purposes")) {
            if (!references.purposes.containsKey(entry.key())) {
                continue;
            }
            Fields.open(top.context(), entry.value(), "purposes." + entry.key(), entry.keyLocation(), allowed,
                    Set.of("title", "text", "categories", "basis")).ifPresent(fields -> {
                        PurposeKey key = PurposeKey.of(entry.key());
                        purposes.put(key, new Purpose(key, fields.text("title"), fields.text("text"),
                                references.resolve(fields, "categories", references.categories, "category",
                                        CategoryKey::of),
                                perJurisdiction(fields, "basis", LegalBasis.class), fields.bool("opt_out", false),
                                fields.bool("sale", false), fields.bool("sharing", false)));
                    });
        }
        return purposes;
    }

    /** Reads {JURISDICTION: value} with a reference check on each jurisdiction key. */
    <E extends Enum<E>> Map<Jurisdiction, E> perJurisdiction(Fields fields, String field, Class<E> type) {
        Map<Jurisdiction, E> values = new HashMap<>();
        for (Entry entry : fields.entries(field)) {
            if (!references.jurisdictions.containsKey(entry.key())) {
                problems.add(entry.keyLocation(), "UNKNOWN_REFERENCE", "'" + fields.qualified(field) + "' names "
                        + "jurisdiction '" + entry.key() + "', which is not declared"
                        + DidYouMean.hint(entry.key(), references.jurisdictions.keySet()));
                continue;
            }
            if (entry.value() instanceof Node.ScalarNode scalar) {
                fields.parseEnum(scalar, fields.qualified(field) + "." + entry.key(), type)
                        .ifPresent(value -> values.put(Jurisdiction.of(entry.key()), value));
            } else {
                problems.add(entry.value().location(), "WRONG_TYPE", "'" + fields.qualified(field) + "." + entry.key()
                        + "' must be a single value, found " + entry.value().kindName());
            }
        }
        return values;
    }

    private Map<RecipientKey, Recipient> recipients(Fields top) {
        Set<String> allowed = Set.of("kind", "name", "activity", "country", "purposes", "categories", "items",
                "transfer", "retention", "contact", "listed_in", "text", "unverified");
        Map<RecipientKey, Recipient> recipients = new LinkedHashMap<>();
        for (Entry entry : top.entries("recipients")) {
            if (!references.recipients.containsKey(entry.key())) {
                continue;
            }
            Fields.open(top.context(), entry.value(), "recipients." + entry.key(), entry.keyLocation(), allowed,
                    Set.of("kind", "name", "country", "purposes", "categories", "text"))
                    .ifPresent(fields -> recipients.put(RecipientKey.of(entry.key()), recipient(entry.key(), fields)));
        }
        return recipients;
    }

    private Recipient recipient(String key, Fields fields) {
        String country = fields.string("country");
        if (!country.isEmpty() && !country.equals("*") && !country.matches("[A-Z]{2}")) {
            problems.add(fields.locationOf("country"), "BAD_VALUE", "'" + fields.qualified("country") + "' must be an "
                    + "ISO 3166 country code like US, or * for worldwide; found '" + country + "'");
        }
        Transfer transfer = fields.nested("transfer", Set.of("mechanisms", "method"), Set.of())
                .map(inner -> new Transfer(perJurisdiction(inner, "mechanisms", TransferMechanism.class),
                        inner.text("method")))
                .orElse(Transfer.NONE);
        Set<Jurisdiction> listedIn = references.resolve(fields, "listed_in", references.jurisdictions, "jurisdiction",
                Jurisdiction::of);
        return new Recipient(RecipientKey.of(key), fields.enumValue("kind", RecipientKind.class,
                RecipientKind.SERVICE_PROVIDER), fields.string("name"), fields.text("activity"), country,
                references.resolve(fields, "purposes", references.purposes, "purpose", PurposeKey::of),
                references.resolve(fields, "categories", references.categories, "category", CategoryKey::of),
                fields.text("items"), transfer, fields.text("retention"), fields.string("contact"), listedIn,
                fields.text("text"), fields.stringList("unverified"));
    }

    static LocalizedText orEmpty(LocalizedText text) {
        return text == null ? LocalizedText.EMPTY : text;
    }
}
