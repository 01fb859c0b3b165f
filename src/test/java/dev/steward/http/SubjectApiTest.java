package dev.steward.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.Steward;
import dev.steward.config.Settings;
import dev.steward.store.TestDatabases;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The subject, record and audit routes over real HTTP, with Steward on SQLite and on PostgreSQL. */
class SubjectApiTest {
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    record Api(Steward steward, String key) {
        HttpResponse<String> send(String method, String path, String body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + steward.port() + path))
                    .header("Authorization", "Bearer " + key);
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }

        JsonNode json(String method, String path, String body, int status) throws Exception {
            HttpResponse<String> response = send(method, path, body);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            return JSON.readTree(response.body());
        }
    }

    Api start(TestDatabases kind) throws Exception {
        String url = kind == TestDatabases.POSTGRESQL ? TestDatabases.freshPostgresUrl() : "";
        Steward steward = Steward.start(new Settings(data, "127.0.0.1", 0, Path.of("policies/reference.yaml"), url,
                1 << 20), Clock.systemUTC(), Map.of());
        return new Api(steward, Files.readString(data.resolve("admin.key")).strip());
    }

    /** A country the policy lists under a group is governed by the group; codes of no place are refused. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void countriesAreGovernedByTheSectionThatListsThemAndNoPlaceIsRefused(TestDatabases kind) throws Exception {
        Api api = start(kind);
        try (Steward ignored = api.steward()) {
            for (String country : new String[] {"DE", "FR", "DE-BY"}) {
                JsonNode created = api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"p-" + country
                        + "@example.de\"},\"jurisdiction\":\"" + country + "\",\"customer\":true}", 201);
                String id = created.get("id").asText();
                assertThat(api.json("GET", "/api/v1/subjects/" + id, null, 200).get("jurisdiction").asText())
                        .isEqualTo("EEA");
                JsonNode decision = api.json("POST", "/api/v1/decisions", "{\"subject\":\"" + id + "\",\"category\":"
                        + "\"contact.email\",\"purpose\":\"marketing\"}", 200);
                assertThat(decision.get("allowed").asBoolean()).as("marketing in the EEA needs consent").isFalse();
            }
            JsonNode british = api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"p-gb@example.uk\"},"
                    + "\"jurisdiction\":\"GB\"}", 201);
            assertThat(api.json("GET", "/api/v1/subjects/" + british.get("id").asText(), null, 200).get("jurisdiction")
                    .asText()).isEqualTo("UK");
            JsonNode argentine = api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"p-ar@example.ar\"},"
                    + "\"jurisdiction\":\"AR\"}", 201);
            assertThat(api.json("GET", "/api/v1/subjects/" + argentine.get("id").asText(), null, 200)
                    .get("jurisdiction").asText()).isEqualTo("DEFAULT");
            for (String nowhere : new String[] {"XX", "ZZZ", "QQ-AB", "de"}) {
                JsonNode refused = api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"n-" + nowhere
                        + "@example.com\"},\"jurisdiction\":\"" + nowhere + "\"}", 400);
                assertThat(errorCode(refused)).isEqualTo("unknown_jurisdiction");
                JsonNode request = api.json("POST", "/api/v1/requests", "{\"type\":\"access\",\"identity\":{\"email\":"
                        + "\"n@example.com\"},\"jurisdiction\":\"" + nowhere + "\"}", 400);
                assertThat(errorCode(request)).isEqualTo("unknown_jurisdiction");
            }
            String request = api.json("POST", "/api/v1/requests", "{\"type\":\"access\",\"identity\":{\"email\":"
                    + "\"p-DE@example.de\"},\"jurisdiction\":\"DE\"}", 202).get("id").asText();
            assertThat(api.json("GET", "/api/v1/requests/" + request, null, 200).get("jurisdiction").asText())
                    .isEqualTo("EEA");
        }
    }

    static String errorCode(JsonNode body) {
        return body.get("error").get("code").asText();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void registersStoresAndReadsForAPurpose(TestDatabases kind) throws Exception {
        Api api = start(kind);
        try (Steward ignored = api.steward()) {
            String id = api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"alice@example.com\","
                    + "\"phone\":\"+82 10-1234-5678\"},\"jurisdiction\":\"KR\",\"customer\":true}", 201).get("id").asText();
            assertThat(id).startsWith("sub_");
            JsonNode found = api.json("GET", "/api/v1/subjects?email=" + URLEncoder.encode("Alice@Example.com",
                    StandardCharsets.UTF_8), null, 200);
            assertThat(found.get("id").asText()).isEqualTo(id);
            assertThat(found.toString()).doesNotContain("alice");
            String record = api.json("POST", "/api/v1/subjects/" + id + "/records", "{\"category\":\"contact.email\","
                    + "\"value\":\"alice@example.com\",\"source\":\"provided\",\"purposes\":[\"communicate\",\"marketing\"]}", 201)
                    .get("id").asText();
            JsonNode before = api.json("GET", "/api/v1/subjects/" + id + "/records?purpose=marketing", null, 200);
            assertThat(before.get("records")).isEmpty();
            assertThat(before.get("denied").get(0).get("reason").asText()).isEqualTo("consent_missing");
            api.json("PUT", "/api/v1/subjects/" + id + "/consents/marketing", "{\"granted\":true,\"method\":\"form\"}",
                    200);
            JsonNode read = api.json("GET", "/api/v1/subjects/" + id + "/records?purpose=marketing", null, 200);
            assertThat(read.get("records").get(0).get("value").asText()).isEqualTo("alice@example.com");
            JsonNode updated = api.json("PUT", "/api/v1/subjects/" + id + "/records/" + record,
                    "{\"value\":\"alice@example.org\"}", 200);
            assertThat(updated.get("version").asInt()).isEqualTo(2);
            JsonNode denied = api.json("GET", "/api/v1/subjects/" + id + "/records?purpose=provide", null, 200);
            assertThat(denied.get("records")).isEmpty();
            assertThat(denied.get("denied").get(0).get("reason").asText()).isEqualTo("not_collected_for_purpose");
            JsonNode audit = api.json("GET", "/api/v1/audit?subject=" + id, null, 200);
            assertThat(audit.get("entries").size()).isGreaterThanOrEqualTo(5);
            assertThat(audit.toString()).doesNotContain("alice@example");
            assertThat(api.json("GET", "/api/v1/audit/verify", null, 200).get("valid").asBoolean()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void badInputGetsStableCodes(TestDatabases kind) throws Exception {
        Api api = start(kind);
        try (Steward ignored = api.steward()) {
            String id = api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"bob@example.com\"},"
                    + "\"jurisdiction\":\"US-CA\"}", 201).get("id").asText();
            String records = "/api/v1/subjects/" + id + "/records";
            assertThat(errorCode(api.json("POST", records, "{\"category\":\"payment.card\",\"value\":"
                    + "\"4111111111111111\",\"cvv\":\"123\",\"source\":\"provided\",\"purposes\":[\"provide\"]}", 400)))
                    .isEqualTo("sensitive_authentication_data");
            assertThat(errorCode(api.json("POST", records, "{\"category\":\"contact.emial\",\"value\":\"x\","
                    + "\"source\":\"provided\",\"purposes\":[\"provide\"]}", 400))).isEqualTo("unknown_category");
            assertThat(errorCode(api.json("POST", records, "{\"category\":\"contact.phone\",\"value\":\"12\","
                    + "\"source\":\"provided\",\"purposes\":[\"provide\"]}", 400))).isEqualTo("invalid_value");
            assertThat(errorCode(api.json("POST", "/api/v1/subjects/sub_nobody/records", "{\"category\":"
                    + "\"contact.name\",\"value\":\"Bob\",\"source\":\"provided\",\"purposes\":[\"provide\"]}", 404)))
                    .isEqualTo("unknown_subject");
            assertThat(errorCode(api.json("POST", records, "{\"category\":\"contact.name\",\"value\":\"Bob\","
                    + "\"source\":\"provided\",\"purposes\":[\"provide\"],\"colour\":\"red\"}", 400)))
                    .isEqualTo("invalid_field");
            assertThat(errorCode(api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"bob@example.com\"},"
                    + "\"jurisdiction\":\"US-CA\"}", 409))).isEqualTo("identity_conflict");
            assertThat(errorCode(api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"c@example.com\"},"
                    + "\"jurisdiction\":\"california\"}", 400))).isEqualTo("unknown_jurisdiction");
            assertThat(errorCode(api.json("GET", records + "?purpose=selling", null, 400))).isEqualTo("unknown_purpose");
            assertThat(errorCode(api.json("GET", "/api/v1/subjects?email=nobody@example.com", null, 404)))
                    .isEqualTo("not_found");
            assertThat(errorCode(api.json("PUT", records + "/rec_none", "{\"value\":\"x\"}", 404)))
                    .isEqualTo("unknown_record");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = "SQLITE")
    void agentsReadButDoNotWrite(TestDatabases kind) throws Exception {
        Api admin = start(kind);
        try (Steward ignored = admin.steward()) {
            String agentKey = admin.json("POST", "/api/v1/keys", "{\"role\":\"agent\"}", 201).get("key").asText();
            Api agent = new Api(admin.steward(), agentKey);
            assertThat(errorCode(agent.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":"
                    + "\"d@example.com\"},\"jurisdiction\":\"KR\"}", 403))).isEqualTo("forbidden");
            assertThat(errorCode(agent.json("GET", "/api/v1/audit/verify", null, 403))).isEqualTo("forbidden");
            assertThat(agent.send("GET", "/api/v1/subjects?email=d@example.com", null).statusCode()).isEqualTo(404);
        }
    }
}
