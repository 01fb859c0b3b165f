package dev.steward.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.notice.NoticeTables;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.JurisdictionRules;
import dev.steward.policy.Policy;
import java.nio.charset.StandardCharsets;
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
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
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

    /** A rendered report: its media type and its bytes. */
    public record Rendered(String contentType, byte[] body) { }

    /** Report {@code name} in {@code format} and {@code language} (null: the policy's prevailing language). */
    public Rendered render(String name, String format, String language) {
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
            case "json" -> new Rendered("application/json", json(name, lang, current, table));
            case "csv" -> new Rendered("text/csv; charset=utf-8", Csv.of(table.keys(), table.rows())
                    .getBytes(StandardCharsets.UTF_8));
            default -> new Rendered("text/markdown; charset=utf-8", table.markdown().getBytes(StandardCharsets.UTF_8));
        };
    }

    private static byte[] json(String name, String language, Policy policy, NoticeTables.Table table) {
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
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report " + name, e);
        }
    }
}
