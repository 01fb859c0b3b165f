package dev.steward.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.Steward;
import dev.steward.dsr.RequestApiTest;
import dev.steward.dsr.RequestApiTest.Api;
import dev.steward.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code POST /api/v1/disclosures} over real HTTP on both databases: what the policy and the subject's
 * choices allow is logged (with the transfer mechanism of the subject's jurisdiction) and audited; what
 * they do not is refused with the reason, and leaves the log as it was.
 */
class DisclosureApiTest {
    @TempDir
    Path data;

    private static String body(String subject, String recipient, String purpose, String... categories) {
        return "{\"subject\":\"" + subject + "\",\"recipient\":\"" + recipient + "\",\"purpose\":\"" + purpose
                + "\",\"categories\":[\"" + String.join("\",\"", categories) + "\"]}";
    }

    private static String refusal(Api api, String body) throws Exception {
        JsonNode error = api.json("POST", "/api/v1/disclosures", body, 403).get("error");
        assertThat(error.get("code").asText()).isEqualTo("disclosure_refused");
        return error.get("details").get("reason").asText();
    }

    private static int logged(Api api, String subject) throws Exception {
        return api.json("GET", "/api/v1/disclosures?subject=" + subject, null, 200).get("disclosures").size();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void allowedDisclosuresAreLoggedAndAuditedAndTheRestRefusedWithTheReason(TestDatabases kind) throws Exception {
        String url = kind == TestDatabases.POSTGRESQL ? TestDatabases.freshPostgresUrl() : "";
        Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), url, Clock.systemUTC());
        try (Steward steward = api.steward()) {
            // a service provider sending e-mail for us, to a European customer: standard contractual clauses
            String elena = RequestApiTest.subject(api, "elena@example.com", "EEA");
            JsonNode made = api.json("POST", "/api/v1/disclosures", body(elena, "service_providers", "communicate",
                    "contact.email"), 201);
            assertThat(made.get("recipient_kind").asText()).isEqualTo("service_provider");
            assertThat(made.get("mechanism").asText()).isEqualTo("scc");
            assertThat(made.get("jurisdiction").asText()).isEqualTo("EEA");
            assertThat(made.get("policy_version").asText()).isEqualTo(steward.policy().meta().version());
            JsonNode log = api.json("GET", "/api/v1/disclosures?subject=" + elena, null, 200);
            assertThat(log.get("disclosures")).hasSize(1);
            assertThat(log.get("disclosures").get(0).get("id").asText()).isEqualTo(made.get("id").asText());
            assertThat(log.get("disclosures").get(0).get("categories").toString()).isEqualTo("[\"contact.email\"]");
            assertThat(api.json("GET", "/api/v1/disclosures?recipient=service_providers", null, 200)
                    .get("disclosures").toString()).contains(made.get("id").asText());
            assertThat(log.toString()).as("no personal value in the log").doesNotContain("elena", "Elena");
            String audit = api.json("GET", "/api/v1/audit?subject=" + elena + "&limit=1000", null, 200).toString();
            assertThat(audit).contains("\"disclosure\"", made.get("id").asText());

            // every other kind of recipient, each with the mechanism the policy gives the EEA
            assertThat(api.json("POST", "/api/v1/disclosures", body(elena, "affiliates", "provide", "contact.name"), 201)
                    .get("mechanism").asText()).isEqualTo("scc");
            assertThat(api.json("POST", "/api/v1/disclosures", body(elena, "business_transfer", "provide",
                    "commerce.history"), 201).get("recipient_kind").asText()).isEqualTo("business_transfer");
            JsonNode legal = api.json("POST", "/api/v1/disclosures", body(elena, "legal_protection", "legal_obligation",
                    "billing.invoice"), 201);
            assertThat(legal.get("recipient_kind").asText()).isEqualTo("legal_protection");
            assertThat(legal.get("mechanism").asText()).isEqualTo("statute");
            assertThat(refusal(api, body(elena, "legal_protection", "communicate", "contact.email")))
                    .isEqualTo("recipient_not_declared_for_purpose");
            // a category the recipient is not declared for
            assertThat(refusal(api, body(elena, "marketplace_sellers", "provide", "payment.card")))
                    .isEqualTo("recipient_not_declared_for_category");
            // Korea: marketplace sellers receive data abroad only with the person's consent
            String seo = RequestApiTest.subject(api, "seo@example.com", "KR");
            String toSellers = body(seo, "marketplace_sellers", "provide", "contact.email");
            assertThat(refusal(api, toSellers)).isEqualTo("transfer_consent_missing");
            assertThat(logged(api, seo)).isZero();
            api.json("PUT", "/api/v1/subjects/" + seo + "/preferences/transfer.marketplace_sellers",
                    "{\"value\":\"granted\",\"method\":\"form\"}", 200);
            assertThat(api.json("POST", "/api/v1/disclosures", toSellers, 201).get("mechanism").asText())
                    .isEqualTo("consent");

            // the person's access export lists what went to whom, with the date, beside who may receive it
            String access = RequestApiTest.submit(api, "access", "seo@example.com", "KR", "");
            api.json("POST", "/api/v1/requests/" + access + "/verify", "{\"code\":\"" + api.code("seo@example.com")
                    + "\"}", 200);
            JsonNode exported = new com.fasterxml.jackson.databind.ObjectMapper().readTree(RequestApiTest.unzip(
                    api.raw("GET", "/api/v1/requests/" + access + "/export", null).body()).get("data.json"));
            assertThat(exported.get("disclosures")).hasSize(1);
            assertThat(exported.get("disclosures").get(0).get("recipient").asText()).isEqualTo("marketplace_sellers");
            assertThat(exported.get("disclosures").get(0).get("disclosed_at").asText()).isNotEmpty();
            assertThat(exported.get("recipients").toString()).contains("Marketplace");

            // California, Global Privacy Control: no interest-based advertising through any recipient
            String casey = RequestApiTest.subject(api, "casey@example.com", "US-CA");
            String ads = body(casey, "service_providers", "marketing.interest_based_ads", "usage.clickstream");
            api.json("POST", "/api/v1/disclosures", ads, 201);
            HttpResponse<String> gpc = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + steward.port() + "/api/v1/subjects/" + casey + "/gpc"))
                    .header("Authorization", "Bearer " + api.key()).header("Sec-GPC", "1")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(gpc.statusCode()).as(gpc.body()).isEqualTo(200);
            assertThat(refusal(api, ads)).isEqualTo("opted_out_of_interest_based_ads");
            assertThat(logged(api, casey)).isOne();

            // a restricted subject
            String rae = RequestApiTest.subject(api, "rae@example.com", "EEA");
            api.json("PUT", "/api/v1/subjects/" + rae + "/preferences/restrict", "{\"value\":\"true\"}", 200);
            assertThat(refusal(api, body(rae, "service_providers", "communicate", "contact.email")))
                    .isEqualTo("processing_restricted");

            // an erased subject: nothing more goes out, and what went out stays on record
            String erase = RequestApiTest.submit(api, "erase", "elena@example.com", "EEA", "");
            api.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\"" + api.code("elena@example.com")
                    + "\"}", 200);
            assertThat(refusal(api, body(elena, "service_providers", "communicate", "contact.email")))
                    .isEqualTo("subject_erased");
            assertThat(logged(api, elena)).as("what went out before the erasure stays on record").isEqualTo(4);
            assertThat(api.json("GET", "/api/v1/audit?subject=" + elena + "&limit=1000", null, 200).toString())
                    .contains("\"refused\"");

            // bad requests
            assertThat(api.json("POST", "/api/v1/disclosures", body(elena, "nobody", "communicate", "contact.email"),
                    400).get("error").get("code").asText()).isEqualTo("unknown_recipient");
            assertThat(api.json("POST", "/api/v1/disclosures", "{\"subject\":\"" + elena + "\",\"recipient\":"
                    + "\"service_providers\",\"purpose\":\"communicate\",\"categories\":[]}", 400).get("error")
                    .get("code").asText()).isEqualTo("missing_field");
            assertThat(api.json("GET", "/api/v1/disclosures", null, 400).get("error").get("code").asText())
                    .isEqualTo("missing_field");
        }
    }

    /**
     * A change committed elsewhere whose invalidation has not arrived (written here straight into the
     * database, as another node's commit looks before its change-log entry is followed): the disclosure
     * is decided again on the committed state in its own transaction, and refused.
     */
    @org.junit.jupiter.api.Test
    void aRestrictionCommittedElsewhereIsSeenEvenBeforeTheCacheHearsOfIt() throws Exception {
        Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", Clock.systemUTC());
        try (Steward ignored = api.steward()) {
            String elena = RequestApiTest.subject(api, "elena@example.com", "EEA");
            String email = body(elena, "service_providers", "communicate", "contact.email");
            api.json("POST", "/api/v1/disclosures", email, 201); // the subject's state is cached now
            try (dev.steward.store.Database beside = dev.steward.store.Database.embedded(data)) {
                beside.jdbi().useHandle(handle -> handle.createUpdate("INSERT INTO choice (subject_id, name, value, "
                        + "method, notice_version, at) VALUES (:s, 'restrict', 'true', 'form', '2022-09-01', :t)")
                        .bind("s", elena).bind("t", java.time.Instant.now()).execute());
            }
            assertThat(refusal(api, email)).isEqualTo("processing_restricted");
            assertThat(logged(api, elena)).isOne();
        }
    }
}
