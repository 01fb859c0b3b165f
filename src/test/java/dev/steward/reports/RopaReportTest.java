package dev.steward.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.Steward;
import dev.steward.dsr.RequestApiTest;
import dev.steward.dsr.RequestApiTest.Api;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Art. 30(1) record of processing activities: one record per controller entity of the reference
 * policy, each with every field 30(1)(a)–(g) asks for, filled from the policy and the subjects held.
 */
class RopaReportTest {
    @TempDir
    Path data;

    private static JsonNode record(JsonNode report, String jurisdiction) {
        for (JsonNode record : report.get("records")) {
            if (record.get("jurisdiction").asText().equals(jurisdiction)) {
                return record;
            }
        }
        throw new AssertionError("no record for " + jurisdiction);
    }

    private static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode item : list) {
            if (item.get(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no " + field + " " + value);
    }

    @Test
    void oneRecordPerControllerWithEveryArticle30Field() throws Exception {
        Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", Clock.systemUTC());
        try (Steward ignored = api.steward()) {
            RequestApiTest.subject(api, "elena@example.com", "DE");
            api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"lead@example.com\"},\"jurisdiction\":"
                    + "\"FR\",\"customer\":false}", 201);
            JsonNode report = api.json("GET", "/api/v1/reports/ropa?lang=en", null, 200);
            assertThat(report.get("records").size()).as("one per controller entity").isEqualTo(5);
            JsonNode eea = record(report, "EEA");
            for (String field : new String[] {"controller", "dpo", "purposes", "data_subjects", "data_categories",
                "recipients", "transfers", "retention", "security"}) {
                assertThat(eea.get(field).isEmpty()).as(field).isFalse();
            }
            assertThat(eea.get("controller").get(0).get("name").asText()).isEqualTo("Amazon Web Services EMEA SARL");
            assertThat(eea.get("dpo").get(0).get("email").asText()).isEqualTo("aws-EU-privacy@amazon.com");
            assertThat(find(eea.get("purposes"), "purpose", "marketing").get("legal_basis").asText())
                    .as("marketing rests on consent in the EEA").isEqualTo("consent");
            assertThat(find(eea.get("transfers"), "recipient", "service_providers").get("safeguard").asText())
                    .isEqualTo("scc");
            assertThat(find(eea.get("retention"), "rule", "content_after_closure").get("duration").asText())
                    .isEqualTo("P90D");
            assertThat(find(eea.get("data_subjects"), "category", "customers").get("subjects").asLong()).isOne();
            assertThat(find(eea.get("data_subjects"), "category", "prospective customers and other contacts")
                    .get("subjects").asLong()).isOne();
            assertThat(report.toString()).as("no personal value").doesNotContain("elena", "lead@");

            String md = new String(api.raw("GET", "/api/v1/reports/ropa?format=md&lang=en", null).body(),
                    StandardCharsets.UTF_8);
            assertThat(md).contains("## European Economic Area (EEA)", "controller: Amazon Web Services EMEA SARL");
            String csv = new String(api.raw("GET", "/api/v1/reports/ropa?format=csv", null).body(),
                    StandardCharsets.UTF_8);
            assertThat(csv).startsWith("jurisdiction,controller,purpose,title,legal_basis,categories\r\n")
                    .contains("EEA,Amazon Web Services EMEA SARL,marketing");
        }
    }
}
