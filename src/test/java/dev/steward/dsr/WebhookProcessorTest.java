package dev.steward.dsr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.steward.Steward;
import dev.steward.config.Settings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A processor reached over a signed webhook (a real HTTP server on loopback stands in for it). */
class WebhookProcessorTest {
    static final String SECRET = "processor-shared-secret-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    HttpServer processor;
    final List<JsonNode> calls = new CopyOnWriteArrayList<>();
    final AtomicBoolean failing = new AtomicBoolean();

    @BeforeEach
    void startProcessor() throws Exception {
        processor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        processor.createContext("/steward", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst("X-Steward-Signature");
            boolean signed = ("sha256=" + hmac(body)).equals(signature);
            JsonNode call = JSON.readTree(body);
            calls.add(call);
            String answer = !signed ? "{\"error\":\"bad signature\"}"
                    : call.get("action").asText().equals("export")
                    ? "{\"items\":[{\"category\":\"contact.email\",\"field\":\"email\",\"value\":\""
                            + call.get("identity").get("value").asText() + "\"}]}"
                    : "{\"erased\":2,\"retained\":{}}";
            int status = failing.get() ? 500 : signed ? 200 : 401;
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        processor.start();
        Files.createDirectories(data.resolve("datasets"));
        Files.writeString(data.resolve("datasets/marketo.yaml"), """
                dataset: marketo
                webhook: {url: "http://127.0.0.1:%d/steward", secret_env: STEWARD_WEBHOOK_MARKETO}
                identity: {kind: email}
                """.formatted(processor.getAddress().getPort()));
    }

    @AfterEach
    void stopProcessor() {
        processor.stop(0);
    }

    static String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    RequestApiTest.Api start() throws Exception {
        Steward steward = Steward.start(new Settings(data, "127.0.0.1", 0, Path.of("policies/reference.yaml"), "",
                1 << 20), Clock.systemUTC(), Map.of("STEWARD_WEBHOOK_MARKETO", SECRET));
        return new RequestApiTest.Api(steward, Files.readString(data.resolve("admin.key")).strip(), data);
    }

    @Test
    void accessAndErasureReachTheProcessorWithASignedCall() throws Exception {
        RequestApiTest.Api api = start();
        try (Steward ignored = api.steward()) {
            RequestApiTest.subject(api, "mina@example.com", "KR");
            String access = RequestApiTest.submit(api, "access", "mina@example.com", "KR", "");
            JsonNode done = api.json("POST", "/api/v1/requests/" + access + "/verify", "{\"code\":\""
                    + api.code("mina@example.com") + "\"}", 200);
            assertThat(done.get("result").get("external").get("marketo").asInt()).isEqualTo(1);
            String subject = api.json("GET", "/api/v1/subjects?email=mina@example.com", null, 200).get("id").asText();
            api.json("POST", "/api/v1/subjects/" + subject + "/holds", "{\"reason\":\"Regulator inquiry\","
                    + "\"categories\":[\"contact.email\"]}", 201);
            String erase = RequestApiTest.submit(api, "erase", "mina@example.com", "KR", "");
            failing.set(true);
            JsonNode pending = api.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\""
                    + api.code("mina@example.com") + "\"}", 200);
            assertThat(pending.get("status").asText()).isEqualTo("in_progress");
            assertThat(pending.get("result").get("error").asText()).contains("marketo", "HTTP 500");
            failing.set(false);
            JsonNode erased = api.json("POST", "/api/v1/requests/" + erase + "/retry", null, 200);
            assertThat(erased.get("result").get("external").get("marketo").get("deleted").get("webhook").asInt())
                    .isEqualTo(2);
        }
        assertThat(calls).extracting(call -> call.get("action").asText()).contains("export", "erase");
        assertThat(calls).filteredOn(call -> call.get("action").asText().equals("erase"))
                .allSatisfy(call -> assertThat(call.get("held_categories").toString())
                        .as("the processor is told what a legal hold keeps").isEqualTo("[\"contact.email\"]"));
        assertThat(calls).filteredOn(call -> call.get("action").asText().equals("export"))
                .allSatisfy(call -> assertThat(call.has("held_categories")).isFalse());
        assertThat(calls).allSatisfy(call -> assertThat(call.get("identity").get("value").asText())
                .isEqualTo("mina@example.com"));
    }

    @Test
    void aMissingSecretStopsTheStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Steward.start(new Settings(data, "127.0.0.1", 0,
                Path.of("policies/reference.yaml"), "", 1 << 20), Clock.systemUTC(), Map.of()))
                .hasMessageContaining("marketo.yaml: webhook.secret_env environment variable STEWARD_WEBHOOK_MARKETO");
    }
}
