package dev.steward.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A typed client for the Steward HTTP API. Thread-safe; one instance per server and API key.
 *
 * <pre>{@code
 * StewardClient steward = StewardClient.connect(URI.create("http://127.0.0.1:8080"), apiKey);
 * String subject = steward.createSubject(NewSubject.withEmail("ana@example.com", "EEA"));
 * steward.setConsent(subject, "marketing", true, "form");
 * Decision decision = steward.decide(Check.of(subject, "contact.email", "marketing"));
 * }</pre>
 *
 * Every error answer throws {@link StewardApiException} with its stable code; an unreachable server
 * throws {@link UncheckedIOException}.
 */
public final class StewardClient {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.NON_NULL))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final URI base;
    private final String apiKey;
    private final HttpClient http;

    private StewardClient(URI base, String apiKey, HttpClient http) {
        this.base = base;
        this.apiKey = apiKey;
        this.http = http;
    }

    /** A client of the server at {@code base} (for instance {@code http://127.0.0.1:8080}) using {@code apiKey}. */
    public static StewardClient connect(URI base, String apiKey) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(apiKey, "apiKey");
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        return new StewardClient(URI.create(root), apiKey,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    // subjects

    /** Registers a subject; returns its opaque id. */
    public String createSubject(NewSubject subject) {
        return send("POST", "api/v1/subjects", subject, JsonNode.class).get("id").asText();
    }

    public Subject getSubject(String subjectId) {
        return send("GET", "api/v1/subjects/" + segment(subjectId), null, Subject.class);
    }

    /** The subject an identity belongs to ({@code kind}: email, phone, account_id …), or {@code unknown_subject}. */
    public Subject findSubject(String kind, String value, String jurisdiction) {
        return send("GET", "api/v1/subjects?" + query(kind, value) + (jurisdiction == null ? "" : "&"
                + query("jurisdiction", jurisdiction)), null, Subject.class);
    }

    /** Links another identifier to a subject. */
    public void addIdentity(String subjectId, String kind, String value) {
        send("POST", "api/v1/subjects/" + segment(subjectId) + "/identities", Map.of("kind", kind, "value", value),
                Void.class);
    }

    // records

    /** Stores a record; refused with {@code collection_refused} when no purpose allows collecting it now. */
    public String addRecord(String subjectId, NewRecord record) {
        return send("POST", "api/v1/subjects/" + segment(subjectId) + "/records", record, JsonNode.class)
                .get("id").asText();
    }

    /** The records that may be used for {@code purpose}, and why the others may not. */
    public RecordsForPurpose readRecords(String subjectId, String purpose) {
        return send("GET", "api/v1/subjects/" + segment(subjectId) + "/records?" + query("purpose", purpose), null,
                RecordsForPurpose.class);
    }

    /** Replaces a record's value (rectification); returns the record's new version number. */
    public int updateRecord(String subjectId, String recordId, String value) {
        return send("PUT", "api/v1/subjects/" + segment(subjectId) + "/records/" + segment(recordId),
                Map.of("value", value), JsonNode.class).get("version").asInt();
    }

    /** Deletes one piece of information through the deletion path; {@code record_held} when a hold keeps it. */
    public void deleteRecord(String subjectId, String recordId) {
        send("DELETE", "api/v1/subjects/" + segment(subjectId) + "/records/" + segment(recordId), null, Void.class);
    }

    // consents and preferences

    /** Grants or withdraws consent for a purpose ({@code method}: form, banner, api …). */
    public Choice setConsent(String subjectId, String purpose, boolean granted, String method) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("granted", granted);
        body.put("method", method);
        return send("PUT", "api/v1/subjects/" + segment(subjectId) + "/consents/" + segment(purpose), body,
                Choice.class);
    }

    /** Sets a preference ({@code opt_out.sale_sharing}, {@code channel.marketing.email}, {@code restrict} …). */
    public Choice setPreference(String subjectId, String name, String value, String method) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", value);
        body.put("method", method);
        return send("PUT", "api/v1/subjects/" + segment(subjectId) + "/preferences/" + segment(name), body,
                Choice.class);
    }

    /** The subject's current choices. */
    public List<Choice> choices(String subjectId) {
        return list("GET", "api/v1/subjects/" + segment(subjectId) + "/consents", null, "choices",
                new TypeReference<List<Choice>>() { });
    }

    // decisions

    public Decision decide(Check check) {
        return send("POST", "api/v1/decisions", check, Decision.class);
    }

    /** Up to 10,000 checks, answered in order. */
    public List<Decision> decideBatch(List<Check> checks) {
        return list("POST", "api/v1/decisions/batch", Map.of("checks", checks), "results",
                new TypeReference<List<Decision>>() { });
    }

    // data-subject requests

    /** Submits a request; the requester receives a one-time code to verify it. */
    public SubmittedRequest submitRequest(NewRequest request) {
        return send("POST", "api/v1/requests", request, SubmittedRequest.class);
    }

    /** Verifies a request with its one-time code; a verified request is fulfilled at once where it can be. */
    public DataRequest verifyRequest(String requestId, String code) {
        return send("POST", "api/v1/requests/" + segment(requestId) + "/verify", Map.of("code", code),
                DataRequest.class);
    }

    public DataRequest getRequest(String requestId) {
        return send("GET", "api/v1/requests/" + segment(requestId), null, DataRequest.class);
    }

    /** The queue, soonest due first; {@code status} may be null for every status. */
    public List<DataRequest> listRequests(String status) {
        return list("GET", "api/v1/requests" + (status == null ? "" : "?" + query("status", status)), null, "requests",
                new TypeReference<List<DataRequest>>() { });
    }

    /** Extends a request's deadline once, where its jurisdiction allows it. */
    public DataRequest extendRequest(String requestId, String reason) {
        return send("POST", "api/v1/requests/" + segment(requestId) + "/extend", Map.of("reason", reason),
                DataRequest.class);
    }

    public DataRequest denyRequest(String requestId, String reason) {
        return send("POST", "api/v1/requests/" + segment(requestId) + "/deny", Map.of("reason", reason),
                DataRequest.class);
    }

    /** The export of a completed access or copy request: a zip with data.json, data.csv and index.html. */
    public byte[] export(String requestId) {
        return send("GET", "api/v1/requests/" + segment(requestId) + "/export", null, byte[].class);
    }

    // the change feed

    /**
     * Changes after {@code after} (null: from the beginning), waiting up to {@code waitSeconds} (0 to 25)
     * for the first when none is new. Keep {@link ChangePage#next()} to resume, also after a restart.
     */
    public ChangePage changes(String after, int waitSeconds) {
        String query = query("wait", String.valueOf(waitSeconds)) + (after == null ? "" : "&" + query("after", after));
        return send("GET", "api/v1/changes?" + query, null, ChangePage.class);
    }

    // reports

    /** California request metrics for {@code year}. */
    public List<CcpaMetricsRow> ccpaMetrics(int year) {
        return list("GET", "api/v1/reports/ccpa-metrics?year=" + year, null, "metrics",
                new TypeReference<List<CcpaMetricsRow>>() { });
    }

    /** The list an answer carries in {@code field} ({@code {"results":[…]}}). */
    private <T> List<T> list(String method, String path, Object body, String field, TypeReference<List<T>> type) {
        return JSON.convertValue(send(method, path, body, JsonNode.class).get(field), type);
    }

    private <T> T send(String method, String path, Object body, Class<T> type) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + apiKey).header("Accept", "application/json, */*");
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 400) {
                throw error(response);
            }
            if (type == Void.class) {
                return null;
            }
            if (type == byte[].class) {
                return type.cast(response.body());
            }
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("Steward at " + base + " could not be reached or answered unreadably", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted"));
        }
    }

    private static StewardApiException error(HttpResponse<byte[]> response) {
        try {
            JsonNode error = JSON.readTree(response.body()).path("error");
            Map<String, Object> details = error.has("details") ? JSON.convertValue(error.get("details"),
                    new TypeReference<Map<String, Object>>() { }) : Map.of();
            return new StewardApiException(response.statusCode(), error.path("code").asText("unknown"),
                    error.path("message").asText(""), details);
        } catch (IOException e) {
            return new StewardApiException(response.statusCode(), "unknown", "an answer outside the error shape",
                    Map.of());
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String name, String value) {
        return segment(name) + "=" + segment(value);
    }
}
