package dev.steward.dsr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CcpaMetricsTest {
    static DsrRequest request(RequestType type, String jurisdiction, RequestStatus status, String received,
                              String completed) {
        return new DsrRequest("req", null, type, jurisdiction, "en", status, received + "T00:00:00Z",
                "2026-12-31T00:00:00Z", null, null, null, Map.of(), completed == null ? null : completed + "T00:00:00Z",
                false);
    }

    @Test
    void countsPerKindAndMedianDaysForCaliforniaOnly() {
        List<DsrRequest> requests = List.of(
                request(RequestType.ACCESS, "US-CA", RequestStatus.COMPLETED, "2026-01-01", "2026-01-11"),
                request(RequestType.COPY, "US-CA", RequestStatus.COMPLETED, "2026-02-01", "2026-02-05"),
                request(RequestType.CONFIRM, "US-CA", RequestStatus.DENIED, "2026-03-01", "2026-03-31"),
                request(RequestType.ERASE, "US-CA", RequestStatus.PARTIALLY_COMPLETED, "2026-04-01", "2026-04-03"),
                request(RequestType.ERASE, "US-CA", RequestStatus.IN_PROGRESS, "2026-05-01", null),
                request(RequestType.ACCESS, "EEA", RequestStatus.COMPLETED, "2026-01-01", "2026-01-02"),
                request(RequestType.ACCESS, "US-CA", RequestStatus.COMPLETED, "2025-06-01", "2025-06-02"));
        List<CcpaMetrics.Row> rows = CcpaMetrics.compute(requests, 2026);
        assertThat(rows).extracting(CcpaMetrics.Row::kind).containsExactly("know", "delete", "correct", "opt_out",
                "limit");
        assertThat(rows.get(0)).isEqualTo(new CcpaMetrics.Row(2026, "know", 3, 2, 0, 1, 10.0));
        assertThat(rows.get(1)).isEqualTo(new CcpaMetrics.Row(2026, "delete", 2, 0, 1, 0, 2.0));
        assertThat(rows.get(2).medianDays()).isNull();
        assertThat(CcpaMetrics.csv(rows)).contains("2026,know,3,2,0,1,10.0", "2026,correct,0,0,0,0,\r\n");
        assertThat(CcpaMetrics.markdown(rows)).contains("| 2026 | delete | 2 | 0 | 1 | 0 | 2.0 |");
    }
}
