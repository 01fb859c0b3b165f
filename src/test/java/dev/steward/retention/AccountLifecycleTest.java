package dev.steward.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.steward.Steward;
import dev.steward.dsr.RequestApiTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference policy's closure rules with a moved clock: reopening works on day 89; by day 91 the
 * content is gone and the invoices stay, and the purge has a signed deletion certificate; when the tax
 * hold ends the invoices go too.
 */
class AccountLifecycleTest {
    @TempDir
    Path data;

    @Test
    void closeReopenPurgeAndTheEndOfTheTaxHold() throws Exception {
        RequestApiTest.MovableClock clock = new RequestApiTest.MovableClock();
        RequestApiTest.Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", clock);
        Steward steward = api.steward();
        try (steward) {
            String reopened = RequestApiTest.subject(api, "ines@example.com", "EEA");
            String purged = RequestApiTest.subject(api, "olaf@example.com", "EEA");
            api.json("POST", "/api/v1/subjects/" + purged + "/records", "{\"category\":\"content\",\"value\":"
                    + "\"bucket inventory\",\"source\":\"provided\",\"purposes\":[\"provide\"]}", 201);
            // The fraud hold covers network data kept to prevent fraud, not the same data kept to improve the service.
            for (String[] ip : new String[][] {{"203.0.113.7", "improve"}, {"198.51.100.9", "fraud_prevention"}}) {
                api.json("POST", "/api/v1/subjects/" + purged + "/records", "{\"category\":\"network.ip\",\"value\":\""
                        + ip[0] + "\",\"source\":\"automatic\",\"purposes\":[\"" + ip[1] + "\"]}", 201);
            }
            for (String subject : new String[] {reopened, purged}) {
                assertThat(api.raw("POST", "/api/v1/subjects/" + subject + "/close", "").statusCode()).isEqualTo(204);
            }
            assertThat(api.json("POST", "/api/v1/subjects/" + purged + "/close", "", 409).get("error").get("code")
                    .asText()).isEqualTo("account_state");

            clock.advance(Duration.ofDays(89));
            assertThat(api.raw("POST", "/api/v1/subjects/" + reopened + "/reopen", "").statusCode()).isEqualTo(204);
            JsonNode early = api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(early.get("subjects_purged").asInt()).isZero();

            clock.advance(Duration.ofDays(2));
            JsonNode preview = api.json("POST", "/api/v1/retention/run", "{\"dry_run\":true}", 200);
            assertThat(preview.get("subjects_purged").asInt()).isOne();
            assertThat(api.json("GET", "/api/v1/subjects/" + purged + "/records?purpose=legal_obligation", null, 200)
                    .get("records").toString()).contains("INV-2026-001");
            JsonNode swept = api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(swept.get("subjects_purged").asInt()).isOne();
            assertThat(swept.get("deleted").get("account_closed").toString()).contains("content", "usage.clickstream",
                    "\"network.ip\":1");
            assertThat(api.json("POST", "/api/v1/retention/run", "{}", 200).get("subjects_purged").asInt())
                    .as("idempotent").isZero();
            assertThat(api.json("POST", "/api/v1/subjects/" + purged + "/reopen", "", 409).get("error").get("code")
                    .asText()).isEqualTo("account_state");
            JsonNode certificate = api.json("GET", "/api/v1/subjects/" + purged + "/certificate", null, 200);
            String statement = certificate.get("statement").asText();
            assertThat(statement).contains("\"subject\":\"" + purged, "\"content\":1", "Tax and accounting",
                    "billing.invoice").doesNotContain("bucket inventory", "olaf@", "Elena");
            PublicKeyVerify verifier = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(certificate.get(
                    "public_keyset").asText(), RegistryConfiguration.get())
                    .getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
            verifier.verify(Base64.getDecoder().decode(certificate.get("signature").asText()),
                    statement.getBytes(StandardCharsets.UTF_8));
            assertThat(api.json("GET", "/api/v1/subjects/" + reopened + "/certificate", null, 409).get("error")
                    .get("code").asText()).isEqualTo("certificate_not_available");
            assertThat(api.json("GET", "/api/v1/subjects/sub_nobody/certificate", null, 404).get("error")
                    .get("code").asText()).isEqualTo("unknown_subject");
            JsonNode kept = api.json("GET", "/api/v1/subjects/" + purged + "/records?purpose=legal_obligation", null,
                    200);
            assertThat(kept.get("records").toString()).contains("INV-2026-001");
            assertThat(api.json("GET", "/api/v1/subjects/" + purged + "/records?purpose=fraud_prevention", null, 200)
                    .get("records").toString()).contains("198.51.100.9").doesNotContain("203.0.113.7");
            assertThat(api.json("GET", "/api/v1/subjects/" + purged + "/records?purpose=provide", null, 200)
                    .get("records").toString()).doesNotContain("bucket inventory", "Elena Ortiz");

            clock.advance(Duration.ofDays(366L * 10));
            JsonNode end = api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(end.get("deleted").get("tax_accounting_records").toString()).contains("billing.invoice");
            assertThat(api.json("GET", "/api/v1/subjects/" + purged + "/records?purpose=legal_obligation", null, 200)
                    .get("records")).isEmpty();
            assertThat(api.json("GET", "/api/v1/subjects/" + reopened + "/records?purpose=provide", null, 200)
                    .get("records").toString()).contains("Elena Ortiz");
            assertThat(api.json("GET", "/api/v1/audit/verify", null, 200).get("valid").asBoolean()).isTrue();
        }
    }

    @Test
    void aSweepPurgesManyAccountsTogetherYetEachHasItsOwnResultJournalLineAndAuditEntry() throws Exception {
        RequestApiTest.MovableClock clock = new RequestApiTest.MovableClock();
        RequestApiTest.Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", clock);
        try (Steward ignored = api.steward()) {
            java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(16);
            java.util.List<java.util.concurrent.Future<String>> created = new java.util.ArrayList<>();
            for (int i = 0; i < 520; i++) { // more than one purge batch; written at once, so commits are grouped
                int n = i;
                created.add(clients.submit(() -> {
                    String subject = RequestApiTest.subject(api, "batch" + n + "@example.com", "EEA");
                    api.json("POST", "/api/v1/subjects/" + subject + "/records", "{\"category\":\"content\","
                            + "\"value\":\"note " + n + "\",\"source\":\"provided\",\"purposes\":[\"provide\"]}", 201);
                    assertThat(api.raw("POST", "/api/v1/subjects/" + subject + "/close", "").statusCode()).isEqualTo(204);
                    return subject;
                }));
            }
            java.util.List<String> subjects = new java.util.ArrayList<>();
            for (var subject : created) {
                subjects.add(subject.get());
            }
            clients.shutdown();
            String held = subjects.get(510);
            api.json("POST", "/api/v1/subjects/" + held + "/holds", "{\"reason\":\"Matter 12\",\"categories\":"
                    + "[\"content\"]}", 201);
            clock.advance(Duration.ofDays(91));
            JsonNode swept = api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(swept.get("subjects_purged").asInt()).isEqualTo(520);
            assertThat(swept.get("deleted").get("account_closed").get("content").asInt()).as("the held note stays")
                    .isEqualTo(519);
            for (String subject : java.util.List.of(subjects.get(0), subjects.get(499), subjects.get(500), held)) {
                String statement = api.json("GET", "/api/v1/subjects/" + subject + "/certificate", null, 200)
                        .get("statement").asText();
                assertThat(statement).contains("\"subject\":\"" + subject);
                assertThat(api.json("GET", "/api/v1/audit?subject=" + subject, null, 200).toString()
                        .split("subject.erase", -1)).as("one erasure entry of its own").hasSize(2);
            }
            assertThat(api.json("GET", "/api/v1/subjects/" + held + "/certificate", null, 200).get("statement")
                    .asText()).contains("Matter 12");
            assertThat(api.json("GET", "/api/v1/subjects/" + subjects.get(3) + "/records?purpose=provide", null, 200)
                    .get("records")).isEmpty();
            java.util.List<String> lines = Files.readAllLines(data.resolve("erasure-journal.log"));
            for (String subject : subjects) {
                assertThat(lines).as("journaled").anyMatch(line -> line.startsWith("v1\t" + subject + "\tdefault\t"));
            }
            assertThat(api.json("POST", "/api/v1/retention/run", "{}", 200).get("subjects_purged").asInt()).isZero();
            assertThat(api.json("GET", "/api/v1/audit/verify", null, 200).get("valid").asBoolean())
                    .as("the batch's entries link into the chain").isTrue();
        }
    }

    @Test
    void marketingLeadsGoThreeYearsAfterTheLastActivity() throws Exception {
        RequestApiTest.MovableClock clock = new RequestApiTest.MovableClock();
        RequestApiTest.Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", clock);
        Steward steward = api.steward();
        try (steward) {
            String quiet = lead(api, "una@example.com");
            String active = lead(api, "vera@example.com");
            clock.advance(Duration.ofDays(365 * 2));
            api.json("POST", "/api/v1/subjects/" + active + "/records", "{\"category\":\"usage.clickstream\","
                    + "\"value\":\"/pricing\",\"source\":\"automatic\",\"purposes\":[\"marketing\"]}", 201);
            clock.advance(Duration.ofDays(365 + 2));
            JsonNode preview = api.json("POST", "/api/v1/retention/run", "{\"dry_run\":true}", 200);
            assertThat(preview.get("deleted").get("marketing_leads").get("marketing.leads").asInt()).isOne();
            JsonNode swept = api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(swept.get("deleted").get("marketing_leads").get("marketing.leads").asInt()).isOne();
            assertThat(api.json("GET", "/api/v1/subjects/" + quiet + "/records?purpose=marketing", null, 200)
                    .get("records").toString()).doesNotContain("trade fair");
            assertThat(api.json("GET", "/api/v1/subjects/" + active + "/records?purpose=marketing", null, 200)
                    .get("records").toString()).contains("trade fair");
            assertThat(api.json("POST", "/api/v1/retention/run", "{}", 200).get("deleted").has("marketing_leads"))
                    .as("idempotent").isFalse();
        }
    }

    /** A closure rule shorter than the grace period deletes its categories early; the rest waits for the grace. */
    @Test
    void contentGoesAfterItsOwnShorterPeriodWhileTheAccountCanStillBeReopened() throws Exception {
        Path policy = data.resolve("policy.yaml");
        Files.createDirectories(data);
        String reference = Files.readString(Path.of("policies/reference.yaml"));
        String shorter = reference.replaceFirst("(?s)(- id: content_after_closure\n    categories: \\[content\\]\n"
                + "    trigger: account_closed\n    duration: )P90D", "$1P30D")
                // the notice states the rule's own period (lint refuses prose that contradicts it)
                .replace("我们最多保留您的内容 90 天", "我们最多保留您的内容 30 天")
                .replace("we keep your content for at most 90 days", "we keep your content for at most 30 days");
        assertThat(shorter).isNotEqualTo(reference);
        Files.writeString(policy, shorter);
        RequestApiTest.MovableClock clock = new RequestApiTest.MovableClock();
        RequestApiTest.Api api = RequestApiTest.start(data, policy, "", clock);
        Steward steward = api.steward();
        try (steward) {
            String subject = RequestApiTest.subject(api, "pia@example.com", "EEA");
            api.json("POST", "/api/v1/subjects/" + subject + "/records", "{\"category\":\"content\",\"value\":"
                    + "\"bucket inventory\",\"source\":\"provided\",\"purposes\":[\"provide\"]}", 201);
            assertThat(api.raw("POST", "/api/v1/subjects/" + subject + "/close", "").statusCode()).isEqualTo(204);

            clock.advance(Duration.ofDays(29));
            assertThat(api.json("POST", "/api/v1/retention/run", "{}", 200).get("deleted").has(
                    "content_after_closure")).isFalse();
            clock.advance(Duration.ofDays(2));
            JsonNode swept = api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(swept.get("deleted").get("content_after_closure").get("content").asInt()).isOne();
            assertThat(swept.get("subjects_purged").asInt()).as("the rest waits for the 90 days").isZero();
            assertThat(api.raw("POST", "/api/v1/subjects/" + subject + "/reopen", "").statusCode()).isEqualTo(204);
            assertThat(api.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=provide", null, 200)
                    .get("records").toString()).contains("Elena Ortiz").doesNotContain("bucket inventory");
        }
    }

    private static String lead(RequestApiTest.Api api, String email) throws Exception {
        String id = api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"" + email + "\"},"
                + "\"jurisdiction\":\"US-CA\"}", 201).get("id").asText();
        api.json("POST", "/api/v1/subjects/" + id + "/records", "{\"category\":\"marketing.leads\",\"value\":"
                + "\"met at the trade fair\",\"source\":\"other\",\"purposes\":[\"marketing\"]}", 201);
        return id;
    }
}
