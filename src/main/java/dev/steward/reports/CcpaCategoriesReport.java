package dev.steward.reports;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.CcpaCategory;
import dev.steward.policy.DataCategory;
import dev.steward.policy.Policy;
import dev.steward.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * California: the CCPA categories of personal information collected and disclosed in the preceding
 * twelve months, computed from the records held (by category and source) and the disclosure log (by
 * recipient kind), next to what the notice says of each. Something collected or disclosed that the
 * notice does not mention is reported as a finding. Counts are made in SQL or while the disclosure rows
 * stream past; nothing holds the rows.
 */
public final class CcpaCategoriesReport {
    public static final String NAME = "ccpa-categories";
    private static final String CALIFORNIA = "US-CA";
    private final Database database;
    private final Supplier<Policy> policy;
    private final Clock clock;

    public CcpaCategoriesReport(Database database, Supplier<Policy> policy, Clock clock) {
        this.database = database;
        this.policy = policy;
        this.clock = clock;
    }

    /** One CCPA category: what the notice says, and what the data shows. */
    public record Row(String ccpaCategory, String title, String noticeCollected, String noticeDisclosed,
                      Map<String, Long> collectedBySource, Map<String, Long> disclosedByRecipientKind) {
        long collected() {
            return collectedBySource.values().stream().mapToLong(Long::longValue).sum();
        }

        long disclosed() {
            return disclosedByRecipientKind.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Something the data shows that the notice does not say. */
    public record Finding(String ccpaCategory, String finding) { }

    /** The report over the twelve months before now. */
    public record Result(String from, String to, List<Row> categories, List<Finding> findings) { }

    public Result compute(String language) {
        Policy current = policy.get();
        String lang = NoticeReports.language(current, language);
        Instant to = clock.instant();
        Instant from = to.atOffset(ZoneOffset.UTC).minusMonths(12).toInstant();
        Map<String, Map<String, Long>> collected = new TreeMap<>();
        Map<String, Map<String, Long>> disclosed = new TreeMap<>();
        database.read(handle -> {
            handle.createQuery("SELECT category, source, COUNT(*) AS n FROM personal_record WHERE jurisdiction = :j "
                    + "AND collected_at >= :from AND collected_at <= :to GROUP BY category, source")
                    .bind("j", CALIFORNIA).bind("from", from).bind("to", to)
                    .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)})
                    .forEach(row -> ccpa(current, (String) row[0]).ifPresent(key -> collected
                            .computeIfAbsent(key, k -> new TreeMap<>()).merge((String) row[1], (Long) row[2], Long::sum)));
            handle.createQuery("SELECT categories, recipient_kind FROM disclosure WHERE jurisdiction = :j AND "
                    + "disclosed_at >= :from AND disclosed_at <= :to").bind("j", CALIFORNIA).bind("from", from)
                    .bind("to", to).map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                    .forEach(row -> {
                        // a disclosure counts once for each CCPA category it touched
                        java.util.Set<String> touched = new java.util.TreeSet<>();
                        for (String category : row[0].split(",")) {
                            ccpa(current, category).ifPresent(touched::add);
                        }
                        touched.forEach(key -> disclosed.computeIfAbsent(key, k -> new TreeMap<>())
                                .merge(row[1], 1L, Long::sum));
                    });
            return null;
        });
        List<Row> rows = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(current.ccpaCategories().keySet());
        keys.addAll(collected.keySet());
        keys.addAll(disclosed.keySet());
        for (String key : keys) {
            CcpaCategory declared = current.ccpaCategories().get(key);
            String noticeCollected = declared == null || declared.collected().isEmpty() ? null
                    : declared.collected().in(lang);
            String noticeDisclosed = declared == null || declared.disclosed().isEmpty() ? null
                    : declared.disclosed().in(lang);
            Row row = new Row(key, declared == null ? key : declared.title().in(lang), noticeCollected, noticeDisclosed,
                    collected.getOrDefault(key, Map.of()), disclosed.getOrDefault(key, Map.of()));
            rows.add(row);
            if (row.collected() > 0 && noticeCollected == null) {
                findings.add(new Finding(key, "collected_not_in_notice"));
            }
            if (row.disclosed() > 0 && noticeDisclosed == null) {
                findings.add(new Finding(key, "disclosed_not_in_notice"));
            }
        }
        return new Result(from.toString(), to.toString(), rows, findings);
    }

    private static Optional<String> ccpa(Policy policy, String category) {
        if (!CategoryKey.isValid(category)) {
            return Optional.empty();
        }
        return policy.findCategory(CategoryKey.of(category)).map(DataCategory::ccpaCategory)
                .filter(key -> key != null && !key.isEmpty());
    }

    /** The report in {@code format}: json, csv (one line per CCPA category) or md (a table and the findings). */
    public Reports.Rendered render(String format, String language) {
        Result result = compute(language);
        switch (format) {
            case "json" -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("report", NAME);
                body.put("jurisdiction", CALIFORNIA);
                body.put("from", result.from());
                body.put("to", result.to());
                body.put("categories", result.categories().stream().map(row -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("ccpa_category", row.ccpaCategory());
                    item.put("title", row.title());
                    item.put("notice_collected", row.noticeCollected());
                    item.put("notice_disclosed", row.noticeDisclosed());
                    item.put("records_collected", row.collected());
                    item.put("collected_by_source", row.collectedBySource());
                    item.put("disclosures", row.disclosed());
                    item.put("disclosed_by_recipient_kind", row.disclosedByRecipientKind());
                    return item;
                }).toList());
                body.put("findings", result.findings().stream().map(finding -> Map.of("ccpa_category",
                        finding.ccpaCategory(), "finding", finding.finding())).toList());
                return Reports.Rendered.json(body);
            }
            case "csv" -> {
                List<List<String>> lines = new ArrayList<>();
                for (Row row : result.categories()) {
                    lines.add(List.of(row.ccpaCategory(), row.title(), Long.toString(row.collected()),
                            Long.toString(row.disclosed()), row.noticeCollected() == null ? "no" : "yes",
                            row.noticeDisclosed() == null ? "no" : "yes", findingsOf(result, row.ccpaCategory())));
                }
                return Reports.Rendered.csv(Csv.of(List.of("ccpa_category", "title",
                        "records_collected", "disclosures", "notice_says_collected", "notice_says_disclosed",
                        "findings"), lines));
            }
            case "md" -> {
                StringBuilder out = new StringBuilder("| CCPA category | records collected | disclosures | the notice "
                        + "says collected | the notice says disclosed |\n| --- | --- | --- | --- | --- |\n");
                for (Row row : result.categories()) {
                    out.append("| ").append(String.join(" | ", List.of(md(row.title()), Long.toString(row.collected()),
                            Long.toString(row.disclosed()), md(row.noticeCollected() == null ? "—" : row.noticeCollected()),
                            md(row.noticeDisclosed() == null ? "—" : row.noticeDisclosed())))).append(" |\n");
                }
                out.append("\nFindings: ").append(result.findings().isEmpty() ? "none" : "").append('\n');
                result.findings().forEach(finding -> out.append("- ").append(finding.ccpaCategory()).append(": ")
                        .append(finding.finding()).append('\n'));
                return Reports.Rendered.markdown(out.toString());
            }
            default -> throw new StewardException(ErrorCode.INVALID_FIELD, "format", "expected json, csv or md");
        }
    }

    private static String findingsOf(Result result, String key) {
        return String.join(" ", result.findings().stream().filter(finding -> finding.ccpaCategory().equals(key))
                .map(Finding::finding).toList());
    }

    private static String md(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
