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
 * Retention counted from a withdrawn consent (the reference policy's recognition-demo rule) and from a
 * completed request (a policy that keeps identity documents only until the request they verified is done).
 */
class RetentionTriggersTest {
    private String url = "";
    @TempDir
    Path data;

    private final RequestApiTest.MovableClock clock = new RequestApiTest.MovableClock();

    private RequestApiTest.Api api;

    private RequestApiTest.Api start(Path policy) throws Exception {
        return start(policy, TestDatabases.SQLITE);
    }

    private RequestApiTest.Api start(Path policy, TestDatabases kind) throws Exception {
        url = kind == TestDatabases.POSTGRESQL ? TestDatabases.freshPostgresUrl() : "";
        api = RequestApiTest.start(data, policy, url, clock);
        return api;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void recordsKeptOnlyOnAWithdrawnConsentGoWhenTheRulesPeriodHasRun(TestDatabases kind) throws Exception {
        start(Path.of("policies/reference.yaml"), kind);
        try (Steward steward = api.steward()) {
            String withdrew = demoVolunteer(api, "wren@example.com", "wren's voice sample");
            String stays = demoVolunteer(api, "xavi@example.com", "xavi's voice sample");
            String cameBack = demoVolunteer(api, "yael@example.com", "yael's voice sample");
            consent(api, withdrew, false);
            consent(api, cameBack, false);
            clock.advance(Duration.ofDays(10));
            consent(api, cameBack, true);
            String late = demoVolunteer(api, "zane@example.com", "zane's voice sample");
            clock.advance(Duration.ofDays(15));
            consent(api, late, false);

            clock.advance(Duration.ofDays(6)); // 31 days after the first withdrawal, 6 after the late one
            JsonNode preview = api.json("POST", "/api/v1/retention/run", "{\"dry_run\":true}", 200);
            assertThat(preview.get("deleted").get("biometric_after_withdrawal").get("biometric.voice").asInt()).isOne();
            assertThat(demoRecords(withdrew)).as("a dry run deletes nothing").isOne();
            JsonNode swept = api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(swept.get("deleted").get("biometric_after_withdrawal").get("biometric.voice").asInt()).isOne();
            assertThat(demoRecords(withdrew)).isZero();
            assertThat(demoRecords(stays)).isOne();
            assertThat(demoRecords(cameBack)).as("consent given again").isOne();
            assertThat(demoRecords(late)).as("withdrawn only 6 days ago").isOne();
            assertThat(api.json("GET", "/api/v1/subjects/" + withdrew, null, 200).toString())
                    .as("the person stays; only the record went").contains(withdrew);
            assertThat(api.json("POST", "/api/v1/retention/run", "{}", 200).get("deleted")
                    .has("biometric_after_withdrawal")).as("idempotent").isFalse();

            clock.advance(Duration.ofDays(30));
            api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(demoRecords(late)).isZero();
            assertThat(dev.steward.vault.Journals.text(data, url)).contains("r1\t" + withdrew)
                    .doesNotContain("voice");
        }
    }

    @Test
    void documentsCollectedForARequestGoThirtyDaysAfterItIsCompleted() throws Exception {
        Path policy = data.resolve("policy.yaml");
        Files.createDirectories(data);
        Files.writeString(policy, Files.readString(Path.of("policies/reference.yaml")).replace("\narchive:", """
                  - id: request_identity_documents
                    categories: [government_id]
                    purposes: [legal_obligation]
                    trigger: request_completed
                    duration: P30D
                    text: {zh-CN: 为核实请求而提供的证件在请求完成 30 天后删除。, en: Documents given to verify a request go 30 days after it is completed.}

                archive:"""));
        start(policy);
        try (Steward steward = api.steward()) {
            String subject = RequestApiTest.subject(api, "abel@example.com", "EEA");
            document(api, subject, "passport P-1234567");
            String request = RequestApiTest.submit(api, "access", "abel@example.com", "EEA", "");
            api.json("POST", "/api/v1/requests/" + request + "/verify", "{\"code\":\""
                    + api.code("abel@example.com") + "\"}", 200);
            clock.advance(Duration.ofDays(1));
            document(api, subject, "passport P-7654321"); // given later, for something else

            clock.advance(Duration.ofDays(29));
            assertThat(api.json("POST", "/api/v1/retention/run", "{}", 200).get("deleted")
                    .has("request_identity_documents")).as("29 days after completion").isFalse();
            clock.advance(Duration.ofDays(1));
            JsonNode swept = api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(swept.get("deleted").get("request_identity_documents").get("government_id").asInt()).isOne();
            String left = api.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=legal_obligation", null,
                    200).get("records").toString();
            assertThat(left).doesNotContain("P-1234567").contains("P-7654321", "INV-2026-001");
        }
    }

    private static String demoVolunteer(RequestApiTest.Api api, String email, String sample) throws Exception {
        String id = RequestApiTest.subject(api, email, "EEA");
        consent(api, id, true);
        api.json("POST", "/api/v1/subjects/" + id + "/records", "{\"category\":\"biometric.voice\",\"value\":\""
                + sample + "\",\"source\":\"provided\",\"purposes\":[\"provide.biometric_demo\"]}", 201);
        return id;
    }

    private static void consent(RequestApiTest.Api api, String subject, boolean granted) throws Exception {
        api.json("PUT", "/api/v1/subjects/" + subject + "/consents/provide.biometric_demo", "{\"granted\":" + granted
                + "}", 200);
    }

    /** A held rule counted from collection deletes the held records themselves when it ends; the account stays. */
    @Test
    void invoicesUnderAHoldCountedFromCollectionGoWhenItEnds() throws Exception {
        Path policy = data.resolve("policy.yaml");
        Files.createDirectories(data);
        String reference = Files.readString(Path.of("policies/reference.yaml"));
        String fromCollection = reference.replace("    trigger: account_closed\n    duration: P10Y\n    hold: tax_accounting",
                "    trigger: collected\n    duration: P10Y\n    hold: tax_accounting");
        assertThat(fromCollection).isNotEqualTo(reference);
        Files.writeString(policy, fromCollection);
        start(policy);
        try (Steward steward = api.steward()) {
            String early = RequestApiTest.subject(api, "ada@example.com", "EEA");
            clock.advance(Duration.ofDays(365 * 5));
            String later = RequestApiTest.subject(api, "bo@example.com", "EEA");
            clock.advance(Duration.ofDays(365 * 5 + 10));
            JsonNode swept = api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(swept.get("deleted").get("tax_accounting_records").get("billing.invoice").asInt()).isOne();
            assertThat(api.json("GET", "/api/v1/subjects/" + early + "/records?purpose=legal_obligation", null, 200)
                    .get("records").toString()).doesNotContain("INV-2026-001");
            assertThat(api.json("GET", "/api/v1/subjects/" + later + "/records?purpose=legal_obligation", null, 200)
                    .get("records").toString()).contains("INV-2026-001");
            assertThat(api.json("GET", "/api/v1/subjects/" + early + "/records?purpose=improve", null, 200)
                    .get("records").toString()).as("the account is open; only the expired records went")
                    .contains("/console/billing");
        }
    }

    /** How many demo recordings of the subject the vault holds: readable ones, and ones a withdrawn consent refuses. */
    private int demoRecords(String subject) throws Exception {
        JsonNode read = api.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=provide.biometric_demo", null,
                200);
        int count = 0;
        for (JsonNode item : read.get("records")) {
            count += item.get("category").asText().equals("biometric.voice") ? 1 : 0;
        }
        for (JsonNode item : read.get("denied")) {
            count += item.get("category").asText().equals("biometric.voice") ? 1 : 0;
        }
        return count;
    }

    private static void document(RequestApiTest.Api api, String subject, String value) throws Exception {
        api.json("POST", "/api/v1/subjects/" + subject + "/records", "{\"category\":\"government_id\",\"value\":\""
                + value + "\",\"source\":\"provided\",\"purposes\":[\"legal_obligation\"]}", 201);
    }
}
