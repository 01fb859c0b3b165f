package dev.steward.notice;

import dev.steward.policy.JurisdictionRules;
import dev.steward.policy.Policy;
import dev.steward.policy.Recipient;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables a jurisdiction's part of the notice publishes about recipients, built once for the notice
 * and for the reports that must match it row for row: the processors listed for the jurisdiction, and
 * those of them outside its countries (the overseas transfers). Each table has stable column keys (for
 * JSON and CSV) beside the headers the notice shows in its language.
 */
public final class NoticeTables {
    private NoticeTables() { }

    /** A table: caption and headers in the notice's language, stable keys, and the rows as the notice shows them. */
    public record Table(String caption, List<String> keys, List<String> headers, List<List<String>> rows) {
        public Table {
            keys = List.copyOf(keys);
            headers = List.copyOf(headers);
            rows = rows.stream().map(List::copyOf).toList();
        }

        Block.Table block() {
            return new Block.Table(caption, headers, rows);
        }

        /** The table in Markdown, as the rendered notice has it. */
        public String markdown() {
            return MarkdownWriter.render(List.of(block()));
        }
    }

    /** The processors (agents) the notice lists for {@code rules}, by name. */
    public static Table processors(Policy policy, JurisdictionRules rules, String language) {
        Labels labels = new Labels(language);
        List<List<String>> rows = new ArrayList<>();
        for (Recipient recipient : listedIn(policy, rules)) {
            rows.add(List.of(recipient.name(), recipient.activity().in(language)));
        }
        return new Table(labels.get("processors_title", rules.name().in(language)), List.of("name", "activity"),
                List.of(labels.get("processor.name"), labels.get("processor.activity")), rows);
    }

    /** The listed recipients outside the jurisdiction's countries: who, where, what, why, how and how long. */
    public static Table overseas(Policy policy, JurisdictionRules rules, String language) {
        Labels labels = new Labels(language);
        List<List<String>> rows = new ArrayList<>();
        for (Recipient recipient : listedIn(policy, rules)) {
            if (recipient.isWorldwide() || rules.countries().contains(recipient.country())) {
                continue;
            }
            rows.add(List.of(recipient.name() + (recipient.contact().isEmpty() ? "" : " (" + recipient.contact() + ")"),
                    labels.country(recipient.country()), recipient.items().in(language), recipient.activity().in(language),
                    recipient.transfer().method().in(language), recipient.retention().in(language)));
        }
        return new Table(labels.get("overseas_title", rules.name().in(language)), List.of("recipient", "country",
                "items", "purpose", "method", "retention"), List.of(labels.get("overseas.name"),
                labels.get("overseas.country"), labels.get("overseas.items"), labels.get("overseas.purpose"),
                labels.get("overseas.method"), labels.get("overseas.retention")), rows);
    }

    /** A country's name in {@code language} as the notice writes it ({@code *}: worldwide), or its code. */
    public static String country(String code, String language) {
        return new Labels(language).country(code);
    }

    private static List<Recipient> listedIn(Policy policy, JurisdictionRules rules) {
        return policy.recipients().values().stream().filter(recipient -> recipient.listedIn().contains(rules.code()))
                .sorted(java.util.Comparator.comparing(Recipient::name, String.CASE_INSENSITIVE_ORDER)).toList();
    }
}
