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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives a real Steward server over real HTTP on loopback. */
class HttpServerTest {
    @TempDir
    static Path data;
    static Steward steward;
    static String adminKey;
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        steward = Steward.start(settings(data), Clock.systemUTC());
        adminKey = Files.readString(data.resolve("admin.key")).strip();
    }

    @AfterAll
    static void stop() {
        steward.close();
    }

    static Settings settings(Path dir) {
        return new Settings(dir, "127.0.0.1", 0, Path.of("policies/reference.yaml"), "", 64 * 1024);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + steward.port() + path));
    }

    static HttpRequest.Builder api(String path, String key) {
        return request(path).header("Authorization", "Bearer " + key);
    }

    static JsonNode error(HttpResponse<String> response) throws Exception {
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error).isNotNull();
        assertThat(error.get("message").asText()).isNotBlank().doesNotContain("Exception");
        return error;
    }

    @Test
    void healthIsOpen() throws Exception {
        HttpResponse<String> response = send(request("/health"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void firstStartWritesAnOwnerOnlyAdminKey() throws Exception {
        assertThat(steward.adminKeyCreated()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("admin.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keys"))))
                .isEqualTo("rwx------");
        assertThat(adminKey).startsWith("stw_");
    }

    @Test
    void policyNeedsAValidKey() throws Exception {
        HttpResponse<String> none = send(request("/api/v1/policy"));
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(error(none).get("code").asText()).isEqualTo("unauthorized");
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        HttpResponse<String> wrong = send(api("/api/v1/policy", "stw_not-a-real-key"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> ok = send(api("/api/v1/policy", adminKey));
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ok.body());
        assertThat(body.get("version").asText()).isEqualTo("2022-09-01");
        assertThat(body.get("policy").get("jurisdictions").has("KR")).isTrue();
        assertThat(body.get("policy").get("meta").get("last_updated").asText()).isEqualTo("2022-09-01");
    }

    @Test
    void adminIssuesKeysAndAgentsOnlyRead() throws Exception {
        HttpResponse<String> issued = send(api("/api/v1/keys", adminKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"agent\",\"name\":\"desk\"}")));
        assertThat(issued.statusCode()).isEqualTo(201);
        String agentKey = JSON.readTree(issued.body()).get("key").asText();
        assertThat(send(api("/api/v1/policy", agentKey)).statusCode()).isEqualTo(200);
        HttpResponse<String> write = send(api("/api/v1/keys", agentKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"admin\"}")));
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(error(write).get("code").asText()).isEqualTo("forbidden");
        HttpResponse<String> list = send(api("/api/v1/keys", adminKey));
        assertThat(list.body()).contains("desk").doesNotContain(agentKey);
    }

    @Test
    void headNeverRunsPastTheRoleCheck() throws Exception {
        String serviceKey = JSON.readTree(send(api("/api/v1/keys", adminKey).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"service\"}"))).body())
                .get("key").asText();
        HttpResponse<String> denied = send(api("/api/v1/keys", serviceKey));
        assertThat(denied.statusCode()).isEqualTo(403);
        for (String key : new String[] {serviceKey, adminKey}) {
            HttpResponse<String> head = send(api("/api/v1/keys", key).method("HEAD",
                    HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).isEqualTo(405);
        }
        HttpResponse<String> head = send(api("/api/v1/audit", serviceKey).method("HEAD",
                HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(405);
    }

    /** Past 30 wrong keys in a minute, an address's keys are no longer looked up — but for keys that worked. */
    @Test
    void guessingKeysIsLimitedWhileKnownKeysGoOn() throws Exception {
        try (Steward own = Steward.start(settings(data.resolve("guessing")), Clock.systemUTC())) {
            String admin = Files.readString(own.adminKeyFile()).strip();
            String base = "http://127.0.0.1:" + own.port();
            java.util.function.Function<String, HttpResponse<String>> get = key -> {
                try {
                    return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/policy"))
                            .header("Authorization", "Bearer " + key));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            assertThat(get.apply(admin).statusCode()).isEqualTo(200);
            String unused = JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/keys"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"agent\"}"))).body()).get("key").asText();
            for (int i = 0; i < 30; i++) {
                assertThat(get.apply("stw_guess" + i).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> limited = get.apply("stw_guess-more");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(error(limited).get("code").asText()).isEqualTo("rate_limited");
            assertThat(limited.body()).doesNotContain("guess");
            assertThat(get.apply(unused).statusCode()).as("a right key is not even looked up now").isEqualTo(429);
            assertThat(get.apply(admin).statusCode()).as("a key that worked from here goes on").isEqualTo(200);
        }
    }

    @Test
    void revokedKeysStopWorking() throws Exception {
        JsonNode issued = JSON.readTree(send(api("/api/v1/keys", adminKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"service\"}"))).body());
        String key = issued.get("key").asText();
        assertThat(send(api("/api/v1/policy", key)).statusCode()).isEqualTo(200);
        assertThat(send(api("/api/v1/keys/" + issued.get("id").asText(), adminKey).DELETE()).statusCode())
                .isEqualTo(204);
        assertThat(send(api("/api/v1/policy", key)).statusCode()).isEqualTo(401);
        HttpResponse<String> again = send(api("/api/v1/keys/" + issued.get("id").asText(), adminKey).DELETE());
        assertThat(again.statusCode()).isEqualTo(404);
    }

    @Test
    void unknownRoutesGiveTheErrorShape() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/nothing-here"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response).get("code").asText()).isEqualTo("not_found");
        assertThat(send(request("/nowhere")).statusCode()).isEqualTo(404);
    }

    @Test
    void badJsonIsA400WithAStableCode() throws Exception {
        HttpResponse<String> response = send(api("/api/v1/keys", adminKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\": ")));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).get("code").asText()).isEqualTo("bad_json");
        HttpResponse<String> missing = send(api("/api/v1/keys", adminKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(error(missing).get("code").asText()).isEqualTo("missing_field");
        HttpResponse<String> invalid = send(api("/api/v1/keys", adminKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"root\"}")));
        assertThat(error(invalid).get("code").asText()).isEqualTo("invalid_field");
    }

    @Test
    void oversizedBodiesAreRefusedBeforeTheyAreRead() throws Exception {
        // A raw request that announces a large body and sends none: the server must answer from the
        // headers alone, without waiting for (or reading) the body.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", steward.port())) {
            socket.setSoTimeout(10_000);
            String request = "POST /api/v1/keys HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + adminKey
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response).contains("\"code\":\"body_too_large\"");
        }
    }

    @Test
    void nonJsonBodiesAreRefused() throws Exception {
        HttpResponse<String> response = send(api("/api/v1/keys", adminKey).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("role=agent")));
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(error(response).get("code").asText()).isEqualTo("unsupported_media_type");
    }

    @Test
    void noticePageRendersBothLanguages() throws Exception {
        HttpResponse<String> zh = send(request("/privacy?lang=zh-CN"));
        assertThat(zh.statusCode()).isEqualTo(200);
        assertThat(zh.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(zh.body()).contains("<html lang=\"zh-CN\">", "我们收集的个人信息", "境内代理商服务");
        HttpResponse<String> en = send(request("/privacy?lang=en"));
        assertThat(en.body()).contains("Personal Information We Collect");
        HttpResponse<String> browser = send(request("/privacy").header("Accept-Language", "zh-CN,zh;q=0.9"));
        assertThat(browser.body()).contains("<html lang=\"zh-CN\">");
        HttpResponse<String> unknown = send(request("/privacy?lang=xx"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(error(unknown).get("code").asText()).isEqualTo("invalid_field");
    }

    @Test
    void metricsAndOpenApiAreServed() throws Exception {
        send(request("/health"));
        HttpResponse<String> metrics = send(request("/metrics"));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("steward_http_requests_seconds_count{method=\"GET\",route=\"/health\"");
        JsonNode openApi = JSON.readTree(send(request("/openapi.json")).body());
        assertThat(openApi.get("openapi").asText()).startsWith("3.");
        assertThat(openApi.get("paths").has("/api/v1/policy")).isTrue();
    }

    @Test
    void aSecondStartKeepsTheAdminKey(@TempDir Path other) throws Exception {
        try (Steward first = Steward.start(settings(other), Clock.systemUTC())) {
            assertThat(first.adminKeyCreated()).isTrue();
        }
        String key = Files.readString(other.resolve("admin.key"));
        try (Steward second = Steward.start(settings(other), Clock.systemUTC())) {
            assertThat(second.adminKeyCreated()).isFalse();
        }
        assertThat(Files.readString(other.resolve("admin.key"))).isEqualTo(key);
    }
}
