package dev.steward.notice;

import dev.steward.policy.Contact;
import dev.steward.policy.Deadline;
import dev.steward.policy.DayCounting;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.JurisdictionRules;
import dev.steward.policy.LocalizedText;
import dev.steward.policy.NoticeTable;
import dev.steward.policy.Policy;
import dev.steward.policy.Recipient;
import dev.steward.policy.RetentionRule;
import dev.steward.policy.RetentionTrigger;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the per-jurisdiction part of a notice: contacts, law, bases, rights, deadlines, children,
 * disclosures, and the generated tables (CCPA categories, Korean processors and overseas transfers,
 * what is kept after account closure). Not thread-safe; one per rendering.
 */
final class JurisdictionWriter {
    private final Policy policy;
    private final Labels labels;
    private final String language;
    private final List<Block> blocks;

    JurisdictionWriter(Policy policy, Labels labels, List<Block> blocks) {
        this.policy = policy;
        this.labels = labels;
        this.language = labels.language();
        this.blocks = blocks;
    }

    /** Every jurisdiction but DEFAULT; those that share another's heading are written beneath it. */
    void all() {
        for (JurisdictionRules rules : policy.jurisdictions().values()) {
            if (rules.code().equals(Jurisdiction.DEFAULT) || !rules.headingOf().isEmpty()) {
                continue;
            }
            LocalizedText heading = rules.heading().isEmpty() ? rules.name() : rules.heading();
            blocks.add(new Block.Heading(3, heading.in(language), "jurisdiction-" + rules.code()));
            details(rules);
            for (JurisdictionRules member : policy.jurisdictions().values()) {
                if (member.headingOf().equals(rules.code().value())) {
                    blocks.add(new Block.Heading(4, member.name().in(language), "jurisdiction-" + member.code()));
                    details(member);
                }
            }
        }
    }

    private void details(JurisdictionRules rules) {
        contacts(rules);
        if (!rules.law().isEmpty()) {
            blocks.add(new Block.Paragraph("", labels.get("law", rules.law())));
        }
        if (!rules.legalBases().isEmpty()) {
            blocks.add(new Block.Paragraph("", labels.get("legal_bases", labels.list(rules.legalBases().stream()
                    .map(basis -> labels.key(basis, "basis")).toList()))));
        }
        rights(rules);
        rules.deadlineFor("default").ifPresent(deadline -> blocks.add(new Block.Paragraph("", deadline(deadline))));
        if (rules.guardianConsentUnder() > 0) {
            blocks.add(new Block.Paragraph("", labels.get("guardian_here", rules.guardianConsentUnder())));
        }
        if (rules.withdrawalStopsProcessing()) {
            blocks.add(new Block.Paragraph("", labels.get("withdrawal_stops")));
        }
        for (LocalizedText disclosure : rules.disclosures()) {
            NoticeRenderer.paragraphs(disclosure.in(language), blocks);
        }
        for (NoticeTable table : rules.tables()) {
            table(rules, table);
        }
    }

    void contacts(JurisdictionRules rules) {
        List<String> items = new ArrayList<>();
        for (Contact contact : rules.contacts()) {
            items.add(describe(contact));
        }
        if (!items.isEmpty()) {
            blocks.add(new Block.Bullets(items));
        }
    }

    private String describe(Contact contact) {
        List<String> parts = new ArrayList<>();
        parts.add(contact.name());
        if (!contact.address().isEmpty()) {
            parts.add(contact.address());
        }
        if (!contact.attention().isEmpty()) {
            parts.add(labels.get("attention", contact.attention()));
        }
        if (!contact.phone().isEmpty()) {
            parts.add(labels.get("phone", contact.phone()));
        }
        if (!contact.email().isEmpty()) {
            parts.add(labels.get("email", contact.email()));
        }
        if (!contact.url().isEmpty()) {
            parts.add(contact.url());
        }
        String line = labels.key(contact.role(), "role") + labels.get("colon") + String.join(", ", parts);
        return contact.note().isEmpty() ? line : line + ". " + contact.note().in(language);
    }

    private void rights(JurisdictionRules rules) {
        if (rules.rights().isEmpty()) {
            return;
        }
        blocks.add(new Block.Paragraph("", labels.get("your_rights")));
        blocks.add(new Block.Bullets(rules.rights().stream().map(right -> labels.key(right, "right")).toList()));
        if (!rules.rightsChannels().isEmpty()) {
            blocks.add(new Block.Paragraph("", rules.rightsChannels().in(language)));
        }
    }

    private String deadline(Deadline deadline) {
        String period = span(deadline.period(), deadline.counting());
        String text = deadline.extension().isZero() ? labels.get("deadline", period)
                : labels.get("deadline_extension", period, span(deadline.extension(), deadline.counting()));
        if (!deadline.acknowledge().isZero()) {
            text += " " + labels.get("deadline_acknowledge", span(deadline.acknowledge(),
                    deadline.acknowledgeCounting()));
        }
        return text;
    }

    private String span(Period period, DayCounting counting) {
        return counting == DayCounting.BUSINESS ? labels.get("business_days", period.getDays()) : labels.period(period);
    }

    private void table(JurisdictionRules rules, NoticeTable table) {
        switch (table) {
            case CCPA_CATEGORIES -> ccpa();
            case PROCESSORS -> processors(rules);
            case OVERSEAS_TRANSFERS -> overseas(rules);
            case CLOSURE_RETENTION -> closure();
            default -> { }
        }
    }

    private void ccpa() {
        List<List<String>> collected = new ArrayList<>();
        List<List<String>> disclosed = new ArrayList<>();
        policy.ccpaCategories().values().forEach(category -> {
            collected.add(List.of(category.title().in(language), category.collected().in(language)));
            if (!category.disclosed().isEmpty()) {
                disclosed.add(List.of(category.title().in(language), category.disclosed().in(language)));
            }
        });
        blocks.add(new Block.Table(labels.get("ccpa.collected_title"), List.of(labels.get("ccpa.category"),
                labels.get("ccpa.collected")), collected));
        blocks.add(new Block.Table(labels.get("ccpa.disclosed_title"), List.of(labels.get("ccpa.category"),
                labels.get("ccpa.disclosed")), disclosed));
    }

    private List<Recipient> listedIn(JurisdictionRules rules) {
        return policy.recipients().values().stream().filter(recipient -> recipient.listedIn().contains(rules.code()))
                .sorted(java.util.Comparator.comparing(Recipient::name, String.CASE_INSENSITIVE_ORDER)).toList();
    }

    private void processors(JurisdictionRules rules) {
        blocks.add(NoticeTables.processors(policy, rules, language).block());
    }

    private void overseas(JurisdictionRules rules) {
        blocks.add(NoticeTables.overseas(policy, rules, language).block());
    }

    private void closure() {
        List<String> items = new ArrayList<>();
        for (RetentionRule rule : policy.retention()) {
            if (rule.trigger() == RetentionTrigger.ACCOUNT_CLOSED) {
                items.add(rule.text().in(language));
            }
        }
        blocks.add(new Block.Paragraph(labels.get("closure_title"), ""));
        blocks.add(new Block.Bullets(items));
    }
}
