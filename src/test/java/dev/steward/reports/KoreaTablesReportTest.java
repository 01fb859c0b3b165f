package dev.steward.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.Steward;
import dev.steward.dsr.RequestApiTest;
import dev.steward.dsr.RequestApiTest.Api;
import dev.steward.notice.NoticeRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Korea processor and overseas-transfer tables as reports: the rows the reference notice publishes
 * (six processors; Marketo, Salesforce and PaymentTech in the United States), the same in every format,
 * and the Markdown table exactly the one in the rendered notice.
 */
class KoreaTablesReportTest {
    @TempDir
    Path data;

    private static List<String> column(JsonNode report, String key) {
        List<String> values = new ArrayList<>();
        report.get("rows").forEach(row -> values.add(row.get(key).asText()));
        return values;
    }

    @Test
    void theNoticesKoreaTablesRowForRowInEveryFormat() throws Exception {
        Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", Clock.systemUTC());
        try (Steward steward = api.steward()) {
            JsonNode processors = api.json("GET", "/api/v1/reports/kr-processors?lang=en", null, 200);
            assertThat(processors.get("jurisdiction").asText()).isEqualTo("KR");
            assertThat(column(processors, "name")).hasSize(6).anyMatch(name -> name.startsWith("BusinessOnCommunication"))
                    .anyMatch(name -> name.startsWith("NHN KCP")).anyMatch(name -> name.startsWith("General Agent"))
                    .contains("Marketo", "Salesforce", "PaymentTech");
            assertThat(column(processors, "activity")).contains("Issuing payment invoices", "Customer communications",
                    "Customer relationship management", "Domestic agent services");

            JsonNode transfers = api.json("GET", "/api/v1/reports/kr-transfers?lang=en", null, 200);
            assertThat(column(transfers, "recipient")).containsExactlyInAnyOrder("Marketo (privacyofficer@marketo.com)",
                    "Salesforce (privacy@salesforce.com)", "PaymentTech (+1-800-935-9935)");
            assertThat(column(transfers, "country")).containsOnly("United States");
            assertThat(column(transfers, "purpose")).contains("Customer communications", "Payment instrument processing");

            String csv = new String(api.raw("GET", "/api/v1/reports/kr-transfers?format=csv&lang=en", null).body(),
                    StandardCharsets.UTF_8);
            assertThat(csv.split("\r\n")).hasSize(4);
            assertThat(csv).startsWith("recipient,country,items,purpose,method,retention\r\n")
                    .contains("Salesforce (privacy@salesforce.com),United States");

            String notice = new NoticeRenderer().render(steward.policy(), "zh-CN").markdown();
            for (String name : List.of("kr-processors", "kr-transfers")) {
                String table = new String(api.raw("GET", "/api/v1/reports/" + name + "?format=md&lang=zh-CN", null)
                        .body(), StandardCharsets.UTF_8);
                assertThat(table).contains("|");
                assertThat(notice).as("the %s table as the notice publishes it", name).contains(table.strip());
            }

            assertThat(api.json("GET", "/api/v1/reports/kr-transfers?format=pdf", null, 400).get("error").get("code")
                    .asText()).isEqualTo("invalid_field");
            assertThat(api.json("GET", "/api/v1/reports/kr-transfers?lang=xx", null, 400).get("error").get("code")
                    .asText()).isEqualTo("invalid_field");
        }
        // the same offline, from the command line, on the data directory the server left
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = dev.steward.cli.StewardCommand.run(new String[] {"report", "kr-transfers", "--format", "md",
            "--lang", "zh-CN", "--data", data.toString()}, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Marketo (privacyofficer@marketo.com)", "|");
        Path file = data.resolve("metrics.csv");
        assertThat(dev.steward.cli.StewardCommand.run(new String[] {"report", "ccpa-metrics", "--format", "csv",
            "--out", file.toString(), "--data", data.toString()}, new java.io.PrintWriter(out),
                new java.io.PrintWriter(err))).as(err.toString()).isZero();
        assertThat(java.nio.file.Files.readString(file)).contains(",");
    }
}
