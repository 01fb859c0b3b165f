package dev.steward.reports;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.Policy;
import dev.steward.store.Database;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Every report drawn from the policy and the data, by name, with its default format: one table that the
 * HTTP routes ({@code GET /api/v1/reports/NAME}) and {@code steward report NAME} both serve from.
 */
public final class Reports {
    /** A report: the format it has when none is asked for, and how it renders (format, language or null). */
    public record Report(String defaultFormat, BiFunction<String, String, NoticeReports.Rendered> render) {
        public NoticeReports.Rendered render(String format, String language) {
            return render.apply(format == null ? defaultFormat : format, language);
        }
    }

    private final Map<String, Report> byName = new LinkedHashMap<>();

    public Reports(Database database, Supplier<Policy> policy, Clock clock) {
        NoticeReports notice = new NoticeReports(policy);
        for (String name : NoticeReports.NAMES) {
            byName.put(name, new Report("json", (format, language) -> notice.render(name, format, language)));
        }
        byName.put(CcpaCategoriesReport.NAME, new Report("json", new CcpaCategoriesReport(database, policy, clock)::render));
        byName.put(RopaReport.NAME, new Report("json", new RopaReport(database, policy)::render));
        byName.put(DataMapReport.NAME, new Report("svg", new DataMapReport(policy)::render));
    }

    /** The names, in the order they are listed. */
    public java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(byName.keySet());
    }

    /** The report {@code name}; {@code not_found} when there is none. */
    public Report get(String name) {
        Report report = byName.get(name);
        if (report == null) {
            throw new StewardException(ErrorCode.NOT_FOUND, "report " + name);
        }
        return report;
    }
}
