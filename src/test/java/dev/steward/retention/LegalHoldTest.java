package dev.steward.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.Steward;
import dev.steward.dsr.RequestApiTest;
import dev.steward.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Legal holds an officer places: they keep what an erasure request, the end of the grace period and the
 * end of the tax hold would delete; released, their records go back under their own key, or are deleted
 * when that key was destroyed meanwhile. On the embedded database and PostgreSQL.
 */
class LegalHoldTest {
    private String url = "";
    @TempDir
    Path data;

    private final RequestApiTest.MovableClock clock = new RequestApiTest.MovableClock();

    private RequestApiTest.Api start(TestDatabases kind) throws Exception {
        url = kind == TestDatabases.POSTGRESQL ? TestDatabases.freshPostgresUrl() : "";
        return RequestApiTest.start(data, Path.of("policies/reference.yaml"), url, clock);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aHoldKeepsWhatErasureAndTheTaxRuleWouldDeleteUntilItIsReleased(TestDatabases kind) throws Exception {
        RequestApiTest.Api api = start(kind);
        try (Steward steward = api.steward()) {
            String subject = RequestApiTest.subject(api, "fern@example.com", "EEA");
            JsonNode hold = api.json("POST", "/api/v1/subjects/" + subject + "/holds", "{\"reason\":\"Litigation "
                    + "2026-CV-118\",\"categories\":[\"usage\",\"billing.invoice\"]}", 201);
            assertThat(hold.get("records").asInt()).as("clickstream and invoice move under the hold").isEqualTo(2);
            String holdId = hold.get("id").asText();
            api.json("POST", "/api/v1/subjects/" + subject + "/records", "{\"category\":\"usage.clickstream\","
                    + "\"value\":\"/console/iam\",\"source\":\"automatic\",\"purposes\":[\"improve\"]}", 201);
            assertThat(api.json("GET", "/api/v1/subjects/" + subject + "/holds", null, 200).get("holds").get(0)
                    .get("records").asInt()).as("collected in scope while the hold is active").isEqualTo(3);

            String erase = RequestApiTest.submit(api, "erase", "fern@example.com", "EEA", "");
            JsonNode erased = api.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\""
                    + api.code("fern@example.com") + "\"}", 200);
            assertThat(erased.get("status").asText()).isEqualTo("partially_completed");
            assertThat(erased.toString()).contains("Litigation 2026-CV-118", "usage.clickstream")
                    .doesNotContain("/console/");
            assertThat(api.raw("POST", "/api/v1/subjects/" + subject + "/close", "").statusCode()).isEqualTo(204);

            clock.advance(Duration.ofDays(366L * 10 + 100));
            JsonNode swept = api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(swept.get("deleted").get("tax_accounting_records").toString()).contains("contact.name")
                    .doesNotContain("billing.invoice");
            assertThat(api.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=legal_obligation", null, 200)
                    .get("records").toString()).as("the hold outlives the tax rule").contains("INV-2026-001");

            JsonNode released = api.json("POST", "/api/v1/holds/" + holdId + "/release", "", 200);
            assertThat(released.get("deleted").asInt()).as("their own keys are gone: erased, tax period over")
                    .isEqualTo(3);
            assertThat(released.get("returned").asInt()).isZero();
            assertThat(api.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=legal_obligation", null, 200)
                    .get("records")).isEmpty();
            assertThat(dev.steward.vault.Journals.text(data, url)).contains("r1\t" + subject)
                    .doesNotContain("Litigation");
            assertThat(api.json("POST", "/api/v1/holds/" + holdId + "/release", "", 409).get("error").get("code")
                    .asText()).isEqualTo("hold_released");
            assertThat(api.json("GET", "/api/v1/subjects/" + subject + "/holds", null, 200).get("holds").get(0)
                    .get("released_at").asText()).isNotEmpty();
            assertThat(api.json("GET", "/api/v1/audit/verify", null, 200).get("valid").asBoolean()).isTrue();
        }
    }

    @Test
    void aHoldWithAnEndIsReleasedByTheSweepAndItsRecordsGoBackUnderTheirOwnKey() throws Exception {
        RequestApiTest.Api api = start(TestDatabases.SQLITE);
        try (Steward steward = api.steward()) {
            String subject = RequestApiTest.subject(api, "gus@example.com", "EEA");
            String until = clock.instant().plus(Duration.ofDays(30)).toString();
            JsonNode hold = api.json("POST", "/api/v1/subjects/" + subject + "/holds", "{\"reason\":\"Tax audit "
                    + "FY2025\",\"categories\":[\"contact\"],\"until\":\"" + until + "\"}", 201);
            assertThat(hold.get("records").asInt()).isEqualTo(2);
            assertThat(api.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=provide", null, 200)
                    .toString()).as("held records stay usable").contains("Elena Ortiz");

            clock.advance(Duration.ofDays(29));
            assertThat(api.json("POST", "/api/v1/retention/run", "{}", 200).get("holds_released")).isEmpty();
            clock.advance(Duration.ofDays(2));
            assertThat(api.json("POST", "/api/v1/retention/run", "{\"dry_run\":true}", 200).get("holds_released")
                    .toString()).as("named by a dry run").contains(hold.get("id").asText());
            assertThat(api.json("GET", "/api/v1/subjects/" + subject + "/holds", null, 200).get("holds").get(0)
                    .get("released_at").isNull()).as("but not released by it").isTrue();
            JsonNode swept = api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(swept.get("holds_released").toString()).contains(hold.get("id").asText());
            assertThat(api.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=provide", null, 200)
                    .toString()).as("back under the tax key, readable").contains("Elena Ortiz");
            JsonNode listed = api.json("GET", "/api/v1/subjects/" + subject + "/holds", null, 200).get("holds").get(0);
            assertThat(listed.get("released_by").asText()).isNotEmpty();
            assertThat(listed.get("reason").asText()).isEqualTo("Tax audit FY2025");
        }
    }

    @Test
    void badHoldsAreRefusedWithStableCodes() throws Exception {
        RequestApiTest.Api api = start(TestDatabases.SQLITE);
        try (Steward steward = api.steward()) {
            String subject = RequestApiTest.subject(api, "hana@example.com", "EEA");
            String path = "/api/v1/subjects/" + subject + "/holds";
            assertThat(code(api.json("POST", path, "{\"categories\":[\"usage\"]}", 400))).isEqualTo("missing_field");
            assertThat(code(api.json("POST", path, "{\"reason\":\"x\",\"categories\":[\"usag\"]}", 400)))
                    .isEqualTo("unknown_category");
            assertThat(code(api.json("POST", path, "{\"reason\":\"x\",\"until\":\"2020-01-01T00:00:00Z\"}", 400)))
                    .isEqualTo("invalid_field");
            assertThat(code(api.json("POST", path, "{\"reason\":\"x\",\"scope\":\"all\"}", 400)))
                    .isEqualTo("invalid_field");
            assertThat(code(api.json("POST", "/api/v1/subjects/sub_nobody/holds", "{\"reason\":\"x\"}", 404)))
                    .isEqualTo("unknown_subject");
            assertThat(code(api.json("POST", "/api/v1/holds/hold_nothing/release", "", 404))).isEqualTo("unknown_hold");
            assertThat(code(api.json("GET", "/api/v1/subjects/sub_nobody/holds", null, 404))).isEqualTo("unknown_subject");
            assertThat(api.json("GET", path, null, 200).get("holds")).as("nothing half-written").isEmpty();
            JsonNode all = api.json("POST", path, "{\"reason\":\"Regulator inquiry\",\"categories\":[\"*\"]}", 201);
            assertThat(all.get("records").asInt()).isEqualTo(4);
            assertThat(all.get("categories")).isEmpty();
        }
    }

    private static String code(JsonNode error) {
        return error.get("error").get("code").asText();
    }
}
