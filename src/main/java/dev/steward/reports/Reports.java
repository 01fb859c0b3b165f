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
    public record Report(String defaultFormat, BiFunction<String, String, Rendered> render) {
        public Rendered render(String format, String language) {
            return render.apply(format == null ? defaultFormat : format, language);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    /** A rendered report: its media type and its bytes. */
    public record Rendered(String contentType, byte[] body) {
        static Rendered json(Object body) {
            try {
                return new Rendered("application/json", JSON.writeValueAsBytes(body));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("a report that is not JSON", e);
            }
        }

        static Rendered csv(String text) {
            return new Rendered("text/csv; charset=utf-8", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        static Rendered markdown(String text) {
            return new Rendered("text/markdown; charset=utf-8", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
