package dev.steward.dsr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.Steward;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access export holds everything Steward holds about the person, in one spelling, safe to open. */
class ExportTest {
    @TempDir
    Path data;

    private static Map<String, String> access(RequestApiTest.Api api, String email) throws Exception {
        String request = RequestApiTest.submit(api, "access", email, "EEA", "");
        api.json("POST", "/api/v1/requests/" + request + "/verify", "{\"code\":\"" + api.code(email) + "\"}", 200);
        return RequestApiTest.unzip(api.raw("GET", "/api/v1/requests/" + request + "/export", null).body());
    }

    @Test
    void theExportHoldsIdentitiesChoicesAndKeptVersionsAndNoFormulas() throws Exception {
        RequestApiTest.MovableClock clock = new RequestApiTest.MovableClock();
        RequestApiTest.Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", clock);
        try (Steward ignored = api.steward()) {
            String subject = RequestApiTest.subject(api, "lina@example.com", "EEA");
            api.json("POST", "/api/v1/subjects/" + subject + "/records", "{\"category\":\"contact.address\",\"value\":"
                    + "\"=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")\",\"source\":\"provided\",\"purposes\":"
                    + "[\"provide\"]}", 201);
            api.json("PUT", "/api/v1/subjects/" + subject + "/consents/marketing", "{\"granted\":true,\"method\":"
                    + "\"form\"}", 200);
            String name = null;
            for (JsonNode record : api.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=provide", null,
                    200).get("records")) {
                if (record.get("category").asText().equals("contact.name")) {
                    name = record.get("id").asText();
                }
            }
            api.json("PUT", "/api/v1/subjects/" + subject + "/records/" + name, "{\"value\":\"Lina Ortiz-Berg\"}", 200);

            Map<String, String> zip = access(api, "lina@example.com");
            String csv = zip.get("data.csv");
            assertThat(csv).contains("\"'=HYPERLINK(").doesNotContain(",=HYPERLINK", ",\"=HYPERLINK");
            JsonNode json = RequestApiTest.JSON.readTree(zip.get("data.json"));
            assertThat(json.get("identities").get("email").toString()).contains("lina@example.com");
            assertThat(json.get("choices").toString()).contains("consent.marketing", "granted");
            assertThat(json.get("choice_history").toString()).contains("consent.marketing");
            assertThat(json.get("archived_versions").toString()).as("the earlier name is still kept")
                    .contains("Elena Ortiz");
            assertThat(zip.get("data.json")).contains("\"collected_at\"").doesNotContain("collectedAt",
                    "policyVersion");

            clock.advance(Duration.ofDays(3 * 366 + 1));
            JsonNode swept = api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(swept.get("deleted").get("archive").toString()).contains("contact.name");
            Map<String, String> later = access(api, "lina@example.com");
            assertThat(RequestApiTest.JSON.readTree(later.get("data.json")).get("archived_versions")).as("archive.keep")
                    .isEmpty();
        }
    }
}
