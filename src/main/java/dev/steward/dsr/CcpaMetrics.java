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

    public static List<Row> compute(List<DsrRequest> requests, int year) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<RequestType>> kind : KINDS.entrySet()) {
            List<DsrRequest> ofKind = requests.stream().filter(request -> request.jurisdiction().equals("US-CA"))
                    .filter(request -> kind.getValue().contains(request.type()))
                    .filter(request -> Instant.parse(request.receivedAt()).atOffset(java.time.ZoneOffset.UTC)
                            .getYear() == year).toList();
            List<Double> days = ofKind.stream().filter(request -> request.completedAt() != null)
                    .map(request -> Duration.between(Instant.parse(request.receivedAt()),
                            Instant.parse(request.completedAt())).toMinutes() / 1440.0).sorted().toList();
            rows.add(new Row(year, kind.getKey(), ofKind.size(), count(ofKind, RequestStatus.COMPLETED),
                    count(ofKind, RequestStatus.PARTIALLY_COMPLETED), count(ofKind, RequestStatus.DENIED),
                    median(days)));
        }
        return rows;
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

    private static int count(List<DsrRequest> requests, RequestStatus status) {
        return (int) requests.stream().filter(request -> request.status() == status).count();
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
