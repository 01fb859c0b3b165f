package dev.steward.notice;

import dev.steward.policy.Cookie;
import dev.steward.policy.DataCategory;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.LegalBasis;
import dev.steward.policy.Policy;
import dev.steward.policy.Purpose;
import dev.steward.policy.Recipient;
import dev.steward.policy.RecipientKind;
import dev.steward.policy.RetentionRule;
import dev.steward.policy.Section;
import dev.steward.policy.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Renders a policy's notice in one language. Each section is its own prose followed by content
 * generated from the rules (purposes, recipients, retention, jurisdictions…), so the text people read
 * and the rules Steward enforces come from the same entries. Stateless and thread-safe.
 */
public final class NoticeRenderer {

    /** Renders {@code policy} in {@code language}, which must be one of the policy's languages. */
    public Notice render(Policy policy, String language) {
        Objects.requireNonNull(policy, "policy");
        if (!policy.meta().languages().contains(language)) {
            throw new IllegalArgumentException("the policy has no '" + language + "' text; it offers "
                    + policy.meta().languages());
        }
        Labels labels = new Labels(language);
        List<Block> blocks = new ArrayList<>();
        String title = policy.meta().title().in(language);
        blocks.add(new Block.Heading(1, title, "top"));
        blocks.add(new Block.Paragraph("", labels.get("last_updated", labels.date(policy.meta().lastUpdated()))));
        if (policy.meta().languages().size() > 1) {
            blocks.add(new Block.Paragraph("", labels.get("prevailing",
                    labels.get("language." + policy.meta().prevailingLanguage()))));
        }
        paragraphs(policy.meta().preamble().in(language), blocks);
        blocks.add(new Block.Heading(2, labels.get("contents"), "contents"));
        blocks.add(new Block.Bullets(policy.sections().stream().filter(section -> section.level() == 2)
                .map(section -> section.title().in(language)).toList()));
        for (Section section : policy.sections()) {
            blocks.add(new Block.Heading(section.level(), section.title().in(language), section.id()));
            paragraphs(section.text().in(language), blocks);
            new SectionContentWriter(policy, labels, blocks).write(section.content());
        }
        return new Notice(language, title, blocks);
    }

    static void paragraphs(String text, List<Block> blocks) {
        Arrays.stream(text.split("\\n\\s*\\n")).map(String::strip).filter(paragraph -> !paragraph.isEmpty())
                .forEach(paragraph -> blocks.add(new Block.Paragraph("", paragraph)));
    }

    /** Writes the generated part of one section. Not thread-safe; one per section. */
    private static final class SectionContentWriter {
        private final Policy policy;
        private final Labels labels;
        private final String language;
        private final List<Block> blocks;

        SectionContentWriter(Policy policy, Labels labels, List<Block> blocks) {
            this.policy = policy;
            this.labels = labels;
            this.language = labels.language();
            this.blocks = blocks;
        }

        void write(dev.steward.policy.SectionContent content) {
            switch (content) {
                case SOURCES -> sources();
                case PURPOSES -> purposes();
                case COOKIES -> cookies();
                case RECIPIENTS -> recipients();
                case LOCATIONS -> locations();
                case SECURITY -> blocks.add(new Block.Bullets(policy.security().stream()
                        .map(measure -> measure.text().in(language)).toList()));
                case ADVERTISING -> blocks.add(new Block.Paragraph("", labels.get("ads_opt_out")));
                case CHOICES -> choices();
                case CHILDREN -> children();
                case RETENTION -> retention();
                case CONTACTS -> new JurisdictionWriter(policy, labels, blocks).contacts(
                        policy.rulesFor(Jurisdiction.DEFAULT));
                case JURISDICTIONS -> new JurisdictionWriter(policy, labels, blocks).all();
                case EXAMPLES -> examples();
                default -> { }
            }
            if (content == dev.steward.policy.SectionContent.CONTACTS && !policy.meta().priorVersions().isEmpty()) {
                blocks.add(new Block.Paragraph("", labels.get("prior_versions", labels.list(policy.meta()
                        .priorVersions().stream().map(prior -> prior.version() + " (" + prior.url() + ")").toList()))));
            }
        }

        private void sources() {
            List<String> items = new ArrayList<>();
            for (Source source : Source.values()) {
                items.add(labels.key(source, "source") + labels.get("colon") + labels.get("source." + source.key() + ".text"));
            }
            blocks.add(new Block.Bullets(items));
        }

        private void purposes() {
            for (Purpose purpose : policy.purposes().values()) {
                List<String> lines = new ArrayList<>();
                lines.add(labels.get("categories_used", labels.list(policy.categories().values().stream()
                        .filter(category -> purpose.categories().contains(category.key()))
                        .map(category -> category.title().in(language)).toList())));
                lines.add(labels.get("basis_line", basisLine(purpose)));
                if (purpose.optOut()) {
                    lines.add(labels.get("opt_out"));
                }
                blocks.add(new Block.Paragraph(purpose.title().in(language), purpose.text().in(language)));
                blocks.add(new Block.Bullets(lines));
            }
        }

        private String basisLine(Purpose purpose) {
            Map<String, String> byJurisdiction = new TreeMap<>();
            purpose.bases().forEach((jurisdiction, basis) -> byJurisdiction.put(jurisdiction.value(), label(basis)));
            String fallback = byJurisdiction.remove(Jurisdiction.DEFAULT.value());
            List<String> parts = new ArrayList<>();
            byJurisdiction.forEach((code, basis) -> parts.add(policy.rulesFor(Jurisdiction.of(code)).name().in(language)
                    + " — " + basis));
            if (fallback != null) {
                parts.add((parts.isEmpty() ? "" : labels.get("everywhere") + " — ") + fallback);
            }
            return String.join(labels.get("separator"), parts);
        }

        private String label(LegalBasis basis) {
            return labels.key(basis, "basis");
        }

        private void cookies() {
            List<List<String>> rows = new ArrayList<>();
            for (Cookie cookie : policy.cookies()) {
                rows.add(List.of(cookie.name(), labels.key(cookie.category(), "cookiecat"),
                        cookie.text().in(language), cookie.duration().isZero() ? labels.get("cookie.session")
                                : labels.period(cookie.duration()),
                        labels.get(cookie.firstParty() ? "party.first" : "party.third")));
            }
            blocks.add(new Block.Table("", List.of(labels.get("cookie.name"), labels.get("cookie.category"),
                    labels.get("cookie.purpose"), labels.get("cookie.duration"), labels.get("cookie.party")), rows));
        }

        private void recipients() {
            for (RecipientKind kind : RecipientKind.values()) {
                for (Recipient recipient : policy.recipients().values()) {
                    if (recipient.kind() != kind || recipient.key().value().contains(".")) {
                        continue;
                    }
                    blocks.add(new Block.Paragraph(labels.key(kind, "kind"), recipient.text().in(language)));
                    List<String> named = policy.recipients().values().stream()
                            .filter(child -> child.key().isWithin(recipient.key()) && !child.equals(recipient))
                            .map(Recipient::name).toList();
                    if (!named.isEmpty()) {
                        blocks.add(new Block.Bullets(List.of(labels.get("named_providers", labels.list(named)))));
                    }
                }
            }
        }

        private void locations() {
            List<List<String>> rows = new ArrayList<>();
            for (Recipient recipient : policy.recipients().values()) {
                String country = labels.country(recipient.country());
                String safeguard = recipient.transfer().mechanismFor(Jurisdiction.DEFAULT)
                        .map(mechanism -> labels.key(mechanism, "mechanism")).orElse("—");
                rows.add(List.of(recipient.name(), country, safeguard));
            }
            blocks.add(new Block.Table("", List.of(labels.get("transfer.recipient"), labels.get("transfer.country"),
                    labels.get("transfer.safeguard")), rows));
        }

        private void choices() {
            List<String> items = new ArrayList<>();
            if (!policy.archive().text().isEmpty()) {
                items.add(policy.archive().text().in(language) + " "
                        + labels.get("archive_line", labels.period(policy.archive().keep())));
            }
            for (Purpose purpose : policy.purposes().values()) {
                if (purpose.optOut()) {
                    items.add(purpose.title().in(language) + labels.get("colon") + labels.get("opt_out"));
                }
            }
            blocks.add(new Block.Bullets(items));
        }

        private void children() {
            paragraphs(policy.children().text().in(language), blocks);
            List<String> ages = new ArrayList<>();
            policy.jurisdictions().values().stream().filter(rules -> rules.guardianConsentUnder() > 0)
                    .forEach(rules -> ages.add(labels.get("guardian_age_line", rules.name().in(language),
                            rules.guardianConsentUnder())));
            if (!ages.isEmpty()) {
                blocks.add(new Block.Paragraph("", labels.get("guardian_ages")));
                blocks.add(new Block.Bullets(ages));
            }
        }

        private void retention() {
            List<String> items = new ArrayList<>();
            for (RetentionRule rule : policy.retention()) {
                String line = rule.text().in(language) + " (" + labels.get("retention_line",
                        labels.period(rule.duration()), labels.key(rule.trigger(), "trigger"));
                if (!rule.hold().isEmpty()) {
                    line += "; " + labels.get("retention_hold", policy.holds().get(rule.hold()).title().in(language));
                }
                items.add(line + ")");
            }
            blocks.add(new Block.Bullets(items));
        }

        private void examples() {
            for (Source source : Source.values()) {
                List<List<String>> rows = new ArrayList<>();
                for (DataCategory category : policy.categories().values()) {
                    if (category.sources().contains(source)) {
                        rows.add(List.of(category.title().in(language), category.examples().in(language)));
                    }
                }
                blocks.add(new Block.Heading(3, labels.key(source, "source"), "examples-" + source.key()));
                blocks.add(new Block.Table("", List.of(labels.get("example.category"),
                        labels.get("example.examples")), rows));
            }
        }
    }
}
