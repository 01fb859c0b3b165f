package dev.steward.dsr;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request metrics California's regulations (11 CCR §7102) ask for, per request type and
 * calendar year: received, complied with in whole or in part, denied, and the median days to respond.
 * Computed from the requests of the {@code US-CA} jurisdiction. Stateless.
 */
public final class CcpaMetrics {
    /** The CCPA's request kinds and the Steward types counted under each. */
    static final Map<String, List<RequestType>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("know", List.of(RequestType.ACCESS, RequestType.COPY, RequestType.CONFIRM));
        KINDS.put("delete", List.of(RequestType.ERASE));
        KINDS.put("correct", List.of(RequestType.RECTIFY));
        KINDS.put("opt_out", List.of(RequestType.OPT_OUT_SALE));
        KINDS.put("limit", List.of(RequestType.LIMIT_SENSITIVE));
    }

    private CcpaMetrics() { }

    /** One row: a request kind in a year. */
    public record Row(int year, String kind, int received, int compliedWhole, int compliedPart, int denied,
                      Double medianDays) { }

    /** What one request contributes to the metrics: its type, status and times. */
    public record Counted(RequestType type, RequestStatus status, Instant receivedAt, Instant completedAt) { }

    /** The metrics of {@code year}, read from the queue: only that year's California requests, light rows. */
    public static List<Row> compute(RequestQueue queue, int year) {
        return rows(queue.receivedIn("US-CA", year), year);
    }

    private static List<Row> rows(List<Counted> counted, int year) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<RequestType>> kind : KINDS.entrySet()) {
            List<Counted> ofKind = counted.stream().filter(request -> kind.getValue().contains(request.type())).toList();
            List<Double> days = ofKind.stream().filter(request -> request.completedAt() != null)
                    .map(request -> Duration.between(request.receivedAt(), request.completedAt()).toMinutes() / 1440.0)
                    .sorted().toList();
            rows.add(new Row(year, kind.getKey(), ofKind.size(), (int) ofKind.stream().filter(request -> request.status()
                    == RequestStatus.COMPLETED).count(), (int) ofKind.stream().filter(request -> request.status()
                    == RequestStatus.PARTIALLY_COMPLETED).count(), (int) ofKind.stream().filter(request -> request.status()
                    == RequestStatus.DENIED).count(), median(days)));
        }
        return rows;
    }

    /** The metrics of {@code year} over {@code requests} (any jurisdiction and year; the others are left out). */
    public static List<Row> compute(List<DsrRequest> requests, int year) {
        return rows(requests.stream().filter(request -> request.jurisdiction().equals("US-CA"))
                .map(request -> new Counted(request.type(), request.status(), Instant.parse(request.receivedAt()),
                        request.completedAt() == null ? null : Instant.parse(request.completedAt())))
                .filter(request -> request.receivedAt().atOffset(java.time.ZoneOffset.UTC).getYear() == year).toList(),
                year);
    }

    public static String csv(List<Row> rows) {
        StringBuilder out = new StringBuilder("year,request,received,complied_in_whole,complied_in_part,denied,"
                + "median_days\r\n");
        rows.forEach(row -> out.append(row.year()).append(',').append(row.kind()).append(',').append(row.received())
                .append(',').append(row.compliedWhole()).append(',').append(row.compliedPart()).append(',')
                .append(row.denied()).append(',').append(row.medianDays() == null ? "" : format(row.medianDays()))
                .append("\r\n"));
        return out.toString();
    }

    public static String markdown(List<Row> rows) {
        StringBuilder out = new StringBuilder("| year | request | received | complied in whole | complied in part | "
                + "denied | median days |\n|---|---|---:|---:|---:|---:|---:|\n");
        rows.forEach(row -> out.append("| ").append(row.year()).append(" | ").append(row.kind()).append(" | ")
                .append(row.received()).append(" | ").append(row.compliedWhole()).append(" | ")
                .append(row.compliedPart()).append(" | ").append(row.denied()).append(" | ")
                .append(row.medianDays() == null ? "—" : format(row.medianDays())).append(" |\n"));
        return out.toString();
    }

    private static Double median(List<Double> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String format(double days) {
        return String.format(java.util.Locale.ROOT, "%.1f", days);
    }
}
