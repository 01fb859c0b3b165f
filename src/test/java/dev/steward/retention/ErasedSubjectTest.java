package dev.steward.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.Steward;
import dev.steward.dsr.RequestApiTest;
import dev.steward.store.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "Erased" is a state: what a hold keeps serves only the hold's purposes, only until it ends, and no
 * release, consent or later write brings anything back into use.
 */
class ErasedSubjectTest {
    private String url = "";
    @TempDir
    Path data;

    private final RequestApiTest.MovableClock clock = new RequestApiTest.MovableClock();

    private RequestApiTest.Api start(TestDatabases kind) throws Exception {
        url = kind == TestDatabases.POSTGRESQL ? TestDatabases.freshPostgresUrl() : "";
        return RequestApiTest.start(data, Path.of("policies/reference.yaml"), url, clock);
    }

    private static JsonNode decide(RequestApiTest.Api api, String subject, String category, String purpose)
            throws Exception {
        return api.json("POST", "/api/v1/decisions", "{\"subject\":\"" + subject + "\",\"category\":\"" + category
                + "\",\"purpose\":\"" + purpose + "\"}", 200);
    }

    private static void erase(RequestApiTest.Api api, String email, String jurisdiction) throws Exception {
        String request = RequestApiTest.submit(api, "erase", email, jurisdiction, "");
        api.json("POST", "/api/v1/requests/" + request + "/verify", "{\"code\":\"" + api.code(email) + "\"}", 200);
    }

    /** A Korean subject with a marketing e-mail and a name, no invoice. */
    private static String withoutInvoice(RequestApiTest.Api api, String email) throws Exception {
        String id = api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"" + email + "\"},"
                + "\"jurisdiction\":\"KR\",\"customer\":true}", 201).get("id").asText();
        api.json("PUT", "/api/v1/subjects/" + id + "/consents/marketing", "{\"granted\":true,\"method\":\"form\"}",
                200);
        api.json("POST", "/api/v1/subjects/" + id + "/records", "{\"category\":\"contact.email\",\"value\":\"" + email
                + "\",\"source\":\"provided\",\"purposes\":[\"marketing\",\"communicate\"]}", 201);
        api.json("POST", "/api/v1/subjects/" + id + "/records", "{\"category\":\"contact.name\",\"value\":\"Min-ji "
                + "Park\",\"source\":\"provided\",\"purposes\":[\"provide\"]}", 201);
        return id;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void whatAHoldKeepsServesOnlyTheHoldsPurposes(TestDatabases kind) throws Exception {
        RequestApiTest.Api api = start(kind);
        try (Steward ignored = api.steward()) {
            String subject = RequestApiTest.subject(api, "hana@example.com", "KR");
            api.json("POST", "/api/v1/subjects/" + subject + "/holds", "{\"reason\":\"Matter 7\",\"categories\":[\"*\"]}",
                    201);
            erase(api, "hana@example.com", "KR");

            assertThat(api.json("GET", "/api/v1/subjects/" + subject, null, 200).get("status").asText())
                    .isEqualTo("erased");
            for (String purpose : new String[] {"provide", "marketing", "communicate"}) {
                JsonNode decision = decide(api, subject, "contact.email", purpose);
                assertThat(decision.get("allowed").asBoolean()).as(purpose).isFalse();
                assertThat(decision.get("reason").asText()).isEqualTo("subject_erased");
                assertThat(api.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=" + purpose, null, 200)
                        .get("records")).as(purpose).isEmpty();
            }
            assertThat(decide(api, subject, "billing.invoice", "legal_obligation").get("allowed").asBoolean()).isTrue();
            assertThat(api.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=legal_obligation", null, 200)
                    .get("records").toString()).contains("INV-2026-001");

            JsonNode consent = api.json("PUT", "/api/v1/subjects/" + subject + "/consents/marketing",
                    "{\"granted\":true,\"method\":\"form\"}", 409);
            assertThat(consent.get("error").get("code").asText()).isEqualTo("account_state");
            assertThat(api.json("POST", "/api/v1/subjects/" + subject + "/records", "{\"category\":\"contact.name\","
                    + "\"value\":\"Hana Kim\",\"source\":\"provided\",\"purposes\":[\"provide\"]}", 403).toString())
                    .contains("collection_refused", "subject_erased");
            assertThat(api.json("POST", "/api/v1/subjects/" + subject + "/identities", "{\"kind\":\"cookie_id\",\"value\":\"ck-hana\"}",
                    409).get("error").get("code").asText()).isEqualTo("account_state");
        }
    }

    /** One piece of information deleted on request: gone, journaled; what a hold keeps is refused. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void onePieceOfInformationIsDeletedThroughTheOneDeleter(TestDatabases kind) throws Exception {
        RequestApiTest.Api api = start(kind);
        try (Steward ignored = api.steward()) {
            String subject = RequestApiTest.subject(api, "piece@example.com", "EEA");
            String clickstream = null;
            String invoice = null;
            for (JsonNode record : api.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=improve", null,
                    200).get("records")) {
                clickstream = record.get("id").asText();
            }
            for (JsonNode record : api.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=legal_obligation",
                    null, 200).get("records")) {
                invoice = record.get("id").asText();
            }
            assertThat(api.raw("DELETE", "/api/v1/subjects/" + subject + "/records/" + clickstream, null).statusCode())
                    .isEqualTo(204);
            assertThat(api.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=improve", null, 200)
                    .get("records")).isEmpty();
            assertThat(dev.steward.vault.Journals.text(data, url)).contains(clickstream);
            assertThat(api.json("DELETE", "/api/v1/subjects/" + subject + "/records/" + clickstream, null, 404)
                    .get("error").get("code").asText()).isEqualTo("unknown_record");
            assertThat(api.json("DELETE", "/api/v1/subjects/" + subject + "/records/" + invoice, null, 409)
                    .get("error").get("code").asText()).as("the tax hold keeps invoices").isEqualTo("record_held");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void releasingAHoldAfterAnErasureGivesNothingBack(TestDatabases kind) throws Exception {
        RequestApiTest.Api api = start(kind);
        try (Steward ignored = api.steward()) {
            String subject = withoutInvoice(api, "minji@example.com");
            String hold = api.json("POST", "/api/v1/subjects/" + subject + "/holds", "{\"reason\":\"Matter 8\","
                    + "\"categories\":[\"*\"]}", 201).get("id").asText();
            erase(api, "minji@example.com", "KR");
            JsonNode released = api.json("POST", "/api/v1/holds/" + hold + "/release", "", 200);
            assertThat(released.get("returned").asInt()).as("no invoice: the tax hold has no reason to keep them")
                    .isZero();
            assertThat(released.get("deleted").asInt()).isEqualTo(2);
            assertThat(api.json("PUT", "/api/v1/subjects/" + subject + "/consents/marketing",
                    "{\"granted\":true,\"method\":\"form\"}", 409).get("error").get("code").asText())
                    .isEqualTo("account_state");
            for (String purpose : new String[] {"marketing", "legal_obligation", "communicate"}) {
                assertThat(api.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=" + purpose, null, 200)
                        .get("records")).as(purpose).isEmpty();
            }
            assertThat(decide(api, subject, "contact.email", "marketing").get("allowed").asBoolean()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aHoldKeepsWhatItsReasonNeedsAndOnlyUntilItEnds(TestDatabases kind) throws Exception {
        RequestApiTest.Api api = start(kind);
        try (Steward ignored = api.steward()) {
            String none = withoutInvoice(api, "noinvoice@example.com");
            erase(api, "noinvoice@example.com", "KR");
            assertThat(api.json("GET", "/api/v1/subjects/" + none + "/certificate", null, 200).get("statement")
                    .asText()).as("nothing is kept for tax without an invoice").contains("\"retained\":[]");

            String invoiced = RequestApiTest.subject(api, "invoiced@example.com", "EEA");
            erase(api, "invoiced@example.com", "EEA");
            assertThat(api.json("GET", "/api/v1/subjects/" + invoiced + "/records?purpose=legal_obligation", null,
                    200).get("records").toString()).contains("INV-2026-001");
            assertThat(api.json("GET", "/api/v1/subjects/" + invoiced + "/certificate", null, 200).get("statement")
                    .asText()).as("with an invoice, the tax hold keeps the name too").contains("contact.name");

            clock.advance(Duration.ofDays(366L * 10 + 10));
            api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(api.json("GET", "/api/v1/subjects/" + invoiced + "/records?purpose=legal_obligation", null,
                    200).get("records")).as("an erased person's tax records end with the tax period").isEmpty();
        }
    }
}
