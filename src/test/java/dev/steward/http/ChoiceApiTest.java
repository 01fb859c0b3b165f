package dev.steward.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.Steward;
import dev.steward.config.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consents, preferences, GPC and decisions over real HTTP. */
class ChoiceApiTest {
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path data;
    static Steward steward;
    static String key;

    @BeforeAll
    static void start() throws Exception {
        steward = Steward.start(new Settings(data, "127.0.0.1", 0, Path.of("policies/reference.yaml"), "", 1 << 20),
                Clock.systemUTC(), Map.of());
        key = Files.readString(data.resolve("admin.key")).strip();
    }

    @AfterAll
    static void stop() {
        steward.close();
    }

    static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + steward.port() + path))
                .header("Authorization", "Bearer " + key);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static JsonNode json(String method, String path, String body, int status, String... headers) throws Exception {
        HttpResponse<String> response = send(method, path, body, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    static String subject(String email, String jurisdiction) throws Exception {
        return json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"" + email + "\"},\"jurisdiction\":\""
                + jurisdiction + "\"}", 201).get("id").asText();
    }

    static JsonNode decide(String subject, String category, String purpose) throws Exception {
        return json("POST", "/api/v1/decisions", "{\"subject\":\"" + subject + "\",\"category\":\"" + category
                + "\",\"purpose\":\"" + purpose + "\"}", 200);
    }

    /** Korea's notice says data reaches marketplace sellers abroad with consent: without it, no disclosure. */
    @Test
    void aTransferThatRestsOnConsentNeedsThatConsent() throws Exception {
        String korean = subject("seo@example.com", "KR");
        String shared = "{\"subject\":\"" + korean + "\",\"category\":\"contact.email\",\"purpose\":\"provide\","
                + "\"recipient\":\"marketplace_sellers\"}";
        assertThat(json("POST", "/api/v1/decisions", shared, 200).get("reason").asText())
                .isEqualTo("transfer_consent_missing");
        json("PUT", "/api/v1/subjects/" + korean + "/preferences/transfer.marketplace_sellers", "{\"value\":"
                + "\"granted\",\"method\":\"form\"}", 200);
        assertThat(json("POST", "/api/v1/decisions", shared, 200).get("allowed").asBoolean()).isTrue();
        json("PUT", "/api/v1/subjects/" + korean + "/preferences/transfer.marketplace_sellers", "{\"value\":"
                + "\"withdrawn\",\"method\":\"form\"}", 200);
        assertThat(json("POST", "/api/v1/decisions", shared, 200).get("reason").asText())
                .isEqualTo("transfer_consent_missing");
        String european = subject("eu-seller@example.com", "EEA");
        assertThat(json("POST", "/api/v1/decisions", shared.replace(korean, european), 200).get("allowed").asBoolean())
                .as("the EEA transfer rests on a contract").isTrue();
        assertThat(json("PUT", "/api/v1/subjects/" + korean + "/preferences/transfer.nobody", "{\"value\":"
                + "\"granted\"}", 400).get("error").get("code").asText()).isEqualTo("unknown_recipient");
    }

    /** Sec-GPC: 1 on a registration or a record write is an opt-out, as on choice writes. */
    @Test
    void theGpcSignalOnAnyWriteOptsOut() throws Exception {
        String registered = json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"gpc-new@example.com\"},"
                + "\"jurisdiction\":\"US-CA\"}", 201, "Sec-GPC", "1").get("id").asText();
        assertThat(json("GET", "/api/v1/subjects/" + registered + "/consents", null, 200).toString())
                .contains("opt_out.sale_sharing");
        String writer = subject("gpc-record@example.com", "US-CA");
        json("POST", "/api/v1/subjects/" + writer + "/records", "{\"category\":\"contact.name\",\"value\":\"G P\","
                + "\"source\":\"provided\",\"purposes\":[\"provide\"]}", 201, "Sec-GPC", "1");
        assertThat(json("GET", "/api/v1/subjects/" + writer + "/consents", null, 200).toString())
                .contains("opt_out.interest_based_ads");
    }

    @Test
    void consentGrantedAndWithdrawnDecidesAndKeepsHistory() throws Exception {
        String id = subject("eva@example.com", "EEA");
        assertThat(decide(id, "contact.email", "marketing").get("reason").asText()).isEqualTo("consent_missing");
        json("PUT", "/api/v1/subjects/" + id + "/consents/marketing", "{\"granted\":true,\"method\":\"banner\","
                + "\"notice_version\":\"2022-09-01\"}", 200);
        JsonNode allowed = decide(id, "contact.email", "marketing");
        assertThat(allowed.get("allowed").asBoolean()).isTrue();
        assertThat(allowed.get("basis").asText()).isEqualTo("consent");
        json("PUT", "/api/v1/subjects/" + id + "/consents/marketing", "{\"granted\":false,\"method\":\"form\"}", 200);
        assertThat(decide(id, "contact.email", "marketing").get("reason").asText()).isEqualTo("consent_withdrawn");
        JsonNode listed = json("GET", "/api/v1/subjects/" + id + "/consents?history=true", null, 200);
        assertThat(listed.get("choices").get(0).get("value").asText()).isEqualTo("withdrawn");
        assertThat(listed.get("history").size()).isEqualTo(2);
        assertThat(listed.get("history").get(0).get("method").asText()).isEqualTo("banner");
    }

    @Test
    void aSecGpcHeaderRecordsTheOptOut() throws Exception {
        String id = subject("carl@example.com", "US-CA");
        assertThat(decide(id, "cookie.identifier", "marketing.interest_based_ads").get("allowed").asBoolean()).isTrue();
        json("POST", "/api/v1/subjects/" + id + "/gpc", null, 200, "Sec-GPC", "1");
        assertThat(decide(id, "cookie.identifier", "marketing.interest_based_ads").get("reason").asText())
                .isEqualTo("opted_out_of_interest_based_ads");
        assertThat(json("POST", "/api/v1/subjects/" + id + "/gpc", null, 400).get("error").get("code").asText())
                .isEqualTo("missing_field");
    }

    @Test
    void preferencesPerChannel() throws Exception {
        String id = subject("pat@example.com", "DEFAULT");
        json("PUT", "/api/v1/subjects/" + id + "/preferences/channel.marketing.email", "{\"value\":\"off\"}", 200);
        JsonNode refused = json("POST", "/api/v1/decisions", "{\"subject\":\"" + id + "\",\"category\":\"contact.email\","
                + "\"purpose\":\"marketing\",\"channel\":\"email\"}", 200);
        assertThat(refused.get("reason").asText()).isEqualTo("channel_turned_off");
        assertThat(json("PUT", "/api/v1/subjects/" + id + "/preferences/channel.marketing.fax", "{\"value\":\"off\"}",
                400).get("error").get("code").asText()).isEqualTo("invalid_field");
        assertThat(json("PUT", "/api/v1/subjects/" + id + "/preferences/opt_out.sale_sharing", "{\"value\":\"maybe\"}",
                400).get("error").get("code").asText()).isEqualTo("invalid_field");
    }

    @Test
    void batchDecisionsAnswerInOrder() throws Exception {
        String id = subject("bo@example.com", "KR");
        JsonNode results = json("POST", "/api/v1/decisions/batch", "{\"checks\":[{\"subject\":\"" + id + "\","
                + "\"category\":\"contact.email\",\"purpose\":\"provide\"},{\"subject\":\"" + id + "\",\"category\":"
                + "\"contact.email\",\"purpose\":\"marketing\"},{\"subject\":\"" + id + "\",\"category\":\"payment.card\","
                + "\"purpose\":\"provide\",\"recipient\":\"service_providers.marketo\"}]}", 200).get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("allowed").asBoolean()).isTrue();
        assertThat(results.get(1).get("reason").asText()).isEqualTo("consent_missing");
        assertThat(results.get(2).get("reason").asText()).isEqualTo("recipient_not_declared_for_purpose");
    }

    @Test
    void badDecisionRequestsGet400WithStableCodes() throws Exception {
        String id = subject("dee@example.com", "DEFAULT");
        assertThat(json("POST", "/api/v1/decisions", "{\"subject\":\"" + id + "\",\"category\":\"contact.email\","
                + "\"purpose\":\"resale\"}", 400).get("error").get("code").asText()).isEqualTo("unknown_purpose");
        assertThat(json("POST", "/api/v1/decisions", "{\"subject\":\"sub_nobody\",\"category\":\"contact.email\","
                + "\"purpose\":\"provide\"}", 400).get("error").get("code").asText()).isEqualTo("unknown_subject");
        assertThat(json("POST", "/api/v1/decisions", "{\"subject\":\"" + id + "\",\"category\":\"contact.fax\","
                + "\"purpose\":\"provide\"}", 400).get("error").get("code").asText()).isEqualTo("unknown_category");
        assertThat(json("POST", "/api/v1/decisions", "{\"subject\":", 400).get("error").get("code").asText())
                .isEqualTo("bad_json");
        assertThat(json("POST", "/api/v1/decisions", "{\"subject\":\"" + id + "\"}", 400).get("error").get("code")
                .asText()).isEqualTo("missing_field");
        assertThat(json("POST", "/api/v1/decisions/batch", "{\"checks\":{}}", 400).get("error").get("code").asText())
                .isEqualTo("missing_field");
        assertThat(json("PUT", "/api/v1/subjects/sub_nobody/consents/marketing", "{\"granted\":true}", 404)
                .get("error").get("code").asText()).isEqualTo("unknown_subject");
        assertThat(json("PUT", "/api/v1/subjects/" + id + "/consents/resale", "{\"granted\":true}", 400)
                .get("error").get("code").asText()).isEqualTo("unknown_purpose");
    }
}
