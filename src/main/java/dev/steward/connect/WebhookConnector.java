package dev.steward.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A processor reached over HTTP (the Korean processors of the reference policy are examples): Steward
 * POSTs {@code {"action":"export"|"erase","identity":{"kind","value"}}} signed with HMAC-SHA256 of the
 * body in {@code X-Steward-Signature: sha256=…}; the processor answers {@code {"items":[{"category",
 * "value"}]}} or {@code {"erased":N,"retained":{"reason":N}}}. Anything but a 2xx JSON answer means the
 * processor is unavailable and the request stays retryable. Thread-safe.
 */
public final class WebhookConnector implements Connector {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final URI url;
    private final byte[] secret;
    private final String identityKind;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WebhookConnector(String name, URI url, byte[] secret, String identityKind) {
        this.name = name;
        this.url = url;
        this.secret = secret.clone();
        this.identityKind = identityKind;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String identityKind() {
        return identityKind;
    }

    @Override
    public List<Item> export(String identity) {
        JsonNode answer = call("export", identity);
        List<Item> items = new ArrayList<>();
        for (JsonNode item : answer.path("items")) {
            items.add(new Item(name, "webhook", item.path("field").asText("value"), item.path("category").asText(),
                    item.path("value").asText()));
        }
        return items;
    }

    @Override
    public Erased erase(String identity, List<Held> held) {
        JsonNode answer = call("erase", identity, held);
        Map<String, String> retained = new LinkedHashMap<>();
        Map<String, Integer> retainedRows = new LinkedHashMap<>();
        answer.path("retained").properties().forEach(entry -> {
            retained.put(entry.getKey(), entry.getKey());
            retainedRows.put(entry.getKey(), entry.getValue().asInt());
        });
        return new Erased(Map.of("webhook", answer.path("erased").asInt()), Map.of(), retained, retainedRows);
    }

    private JsonNode call(String action, String identity) {
        return call(action, identity, List.of());
    }

    /** {@code held}: legal holds on the person, sent as {@code held_categories} ("*" for all) with an erasure. */
    private JsonNode call(String action, String identity, List<Held> held) {
        String body;
        try {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("action", action);
            payload.put("identity", Map.of("kind", identityKind, "value", identity));
            if (!held.isEmpty()) {
                payload.put("held_categories", held.stream().anyMatch(h -> h.categories().isEmpty()) ? List.of("*")
                        : held.stream().flatMap(h -> h.categories().stream()).sorted().distinct().toList());
            }
            body = JSON.writeValueAsString(payload);
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-Steward-Signature", "sha256=" + sign(body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new StewardException(ErrorCode.CONNECTOR_UNAVAILABLE, name, "HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new StewardException(ErrorCode.CONNECTOR_UNAVAILABLE, name, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException(ErrorCode.CONNECTOR_UNAVAILABLE, name, "interrupted");
        }
    }

    /** HMAC-SHA256 of the body with the shared secret, hex. */
    String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }
}
