package dev.steward.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.Steward;
import dev.steward.dsr.RequestApiTest;
import dev.steward.dsr.RequestApiTest.Api;
import dev.steward.store.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The California categories report counts what the records and the disclosure log show for California
 * subjects only, beside the notice; a disclosure of a category the notice does not say is disclosed is
 * a finding (shown with a policy whose identifiers are said to be collected only).
 */
class CcpaCategoriesReportTest {
    @TempDir
    Path data;

    private static JsonNode category(JsonNode report, String key) {
        for (JsonNode item : report.get("categories")) {
            if (item.get("ccpa_category").asText().equals(key)) {
                return item;
            }
        }
        throw new AssertionError("no row " + key);
    }

    private static void record(Api api, String subject, String category, String value, String source, String purpose)
            throws Exception {
        api.json("POST", "/api/v1/subjects/" + subject + "/records", "{\"category\":\"" + category + "\",\"value\":\""
                + value + "\",\"source\":\"" + source + "\",\"purposes\":[\"" + purpose + "\"]}", 201);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void countsFromTheDataBesideTheNoticeWithFindings(TestDatabases kind) throws Exception {
        // the notice of this copy says nothing of identifiers being disclosed
        Path policy = data.resolve("policy.yaml");
        String reference = Files.readString(Path.of("policies/reference.yaml"));
        String changed = reference.replaceFirst("(?m)^    disclosed: \\{zh-CN: \"第三方承运商[^\\n]*\\n", "");
        assertThat(changed).isNotEqualTo(reference);
        Files.writeString(policy, changed);
        String url = kind == TestDatabases.POSTGRESQL ? TestDatabases.freshPostgresUrl() : "";
        Api api = RequestApiTest.start(data.resolve("data"), policy, url, Clock.systemUTC());
        try (Steward ignored = api.steward()) {
            String casey = api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"casey@example.com\"},"
                    + "\"jurisdiction\":\"US-CA\",\"customer\":true}", 201).get("id").asText();
            record(api, casey, "contact.email", "casey@example.com", "provided", "communicate");
            record(api, casey, "contact.phone", "+1 415 555 0100", "provided", "communicate");
            record(api, casey, "usage.clickstream", "/console", "automatic", "improve");
            String erin = api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"erin@example.com\"},"
                    + "\"jurisdiction\":\"EEA\",\"customer\":true}", 201).get("id").asText();
            record(api, erin, "contact.email", "erin@example.com", "provided", "communicate");
            for (String subject : new String[] {casey, erin}) {
                api.json("POST", "/api/v1/disclosures", "{\"subject\":\"" + subject + "\",\"recipient\":"
                        + "\"service_providers\",\"purpose\":\"communicate\",\"categories\":[\"contact.email\","
                        + "\"contact.phone\"]}", 201);
            }

            JsonNode report = api.json("GET", "/api/v1/reports/ccpa-categories?lang=en", null, 200);
            JsonNode identifiers = category(report, "identifiers");
            assertThat(identifiers.get("records_collected").asLong()).as("California records only").isEqualTo(2);
            assertThat(identifiers.get("collected_by_source").get("provided").asLong()).isEqualTo(2);
            assertThat(identifiers.get("disclosures").asLong()).as("one disclosure, counted once").isOne();
            assertThat(identifiers.get("disclosed_by_recipient_kind").get("service_provider").asLong()).isOne();
            assertThat(identifiers.get("notice_disclosed").isNull()).isTrue();
            assertThat(category(report, "internet_activity").get("records_collected").asLong()).isOne();
            assertThat(category(report, "education").get("records_collected").asLong()).isZero();
            assertThat(report.get("findings").toString()).contains("identifiers", "disclosed_not_in_notice")
                    .doesNotContain("collected_not_in_notice");
            assertThat(report.toString()).as("no personal value").doesNotContain("casey", "555");

            String csv = new String(api.raw("GET", "/api/v1/reports/ccpa-categories?format=csv", null).body(),
                    StandardCharsets.UTF_8);
            assertThat(csv).contains("identifiers,").contains("disclosed_not_in_notice");
            String md = new String(api.raw("GET", "/api/v1/reports/ccpa-categories?format=md&lang=en", null).body(),
                    StandardCharsets.UTF_8);
            assertThat(md).contains("| Identifiers | 2 | 1 |", "identifiers: disclosed_not_in_notice");
        }
    }
}
