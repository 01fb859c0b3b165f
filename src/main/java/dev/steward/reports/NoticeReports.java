package dev.steward.reports;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.notice.NoticeTables;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.JurisdictionRules;
import dev.steward.policy.Policy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The reports that restate a table of the notice: Korea's processor table ({@code kr-processors}) and
 * overseas-transfer table ({@code kr-transfers}), row for row as the notice publishes them, in JSON,
 * CSV or Markdown, in one of the policy's languages. Thread-safe.
 */
public final class NoticeReports {
    public static final List<String> NAMES = List.of("kr-processors", "kr-transfers");
    public static final List<String> FORMATS = List.of("json", "csv", "md");
    private final Supplier<Policy> policy;

    public NoticeReports(Supplier<Policy> policy) {
        this.policy = policy;
    }

    /** {@code language}, or the policy's prevailing language when null; {@code invalid_field} if the policy has no such text. */
    static String language(Policy policy, String language) {
        String lang = language == null ? policy.meta().prevailingLanguage() : language;
        if (!policy.meta().languages().contains(lang)) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "lang", "one of " + policy.meta().languages());
        }
        return lang;
    }

    /** Report {@code name} in {@code format} and {@code language} (null: the policy's prevailing language). */
    public Reports.Rendered render(String name, String format, String language) {
        Policy current = policy.get();
        if (!NAMES.contains(name)) {
            throw new StewardException(ErrorCode.NOT_FOUND, "report " + name);
        }
        if (!FORMATS.contains(format)) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "format", "expected json, csv or md");
        }
        String lang = NoticeReports.language(current, language);
        Jurisdiction korea = Jurisdiction.of("KR");
        if (!current.jurisdictions().containsKey(korea)) {
            throw new StewardException(ErrorCode.NOT_FOUND, "report " + name + " (the policy has no KR section)");
        }
        JurisdictionRules rules = current.jurisdictions().get(korea);
        NoticeTables.Table table = name.equals("kr-processors") ? NoticeTables.processors(current, rules, lang)
                : NoticeTables.overseas(current, rules, lang);
        return switch (format) {
            case "json" -> Reports.Rendered.json(json(name, lang, current, table));
            case "csv" -> Reports.Rendered.csv(Csv.of(table.keys(), table.rows()));
            default -> Reports.Rendered.markdown(table.markdown());
        };
    }

    private static Map<String, Object> json(String name, String language, Policy policy, NoticeTables.Table table) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("report", name);
        body.put("jurisdiction", "KR");
        body.put("language", language);
        body.put("policy_version", policy.meta().version());
        body.put("title", table.caption());
        body.put("columns", table.keys());
        body.put("headers", table.headers());
        body.put("rows", table.rows().stream().map(row -> {
            Map<String, String> item = new LinkedHashMap<>();
            for (int i = 0; i < table.keys().size(); i++) {
                item.put(table.keys().get(i), row.get(i));
            }
            return item;
        }).toList());
        return body;
    }
}
