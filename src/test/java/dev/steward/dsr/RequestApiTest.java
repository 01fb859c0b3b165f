package dev.steward.dsr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.Steward;
import dev.steward.config.Settings;
import dev.steward.store.TestDatabases;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Data-subject requests over real HTTP: submit, verify through the outbox code, fulfil, export, erase. */
public class RequestApiTest {
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    public static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    /** A clock tests can move. */
    public static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-03-16T09:00:00Z");

        public void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    public record Api(Steward steward, String key, Path data) {
        public HttpResponse<byte[]> raw(String method, String path, String body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + steward.port() + path))
                    .header("Authorization", "Bearer " + key);
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        public JsonNode json(String method, String path, String body, int status) throws Exception {
            HttpResponse<byte[]> response = raw(method, path, body);
            String text = new String(response.body(), StandardCharsets.UTF_8);
            assertThat(response.statusCode()).as(text).isEqualTo(status);
            return JSON.readTree(text);
        }

        /** The code in the newest outbox message addressed to {@code to}. */
        public String code(String to) throws Exception {
            Matcher digits = Pattern.compile("code is (\\d{6})").matcher(message(to));
            assertThat(digits.find()).isTrue();
            return digits.group(1);
        }

        /** The decoded body of the newest outbox message addressed to {@code to}. */
        public String message(String to) throws Exception {
            try (Stream<Path> files = Files.list(data.resolve("outbox"))) {
                Path newest = files.filter(file -> file.toString().endsWith(".eml"))
                        .filter(file -> read(file).contains("To: " + to))
                        .max(Comparator.comparing(file -> file.getFileName().toString())).orElseThrow();
                String message = read(newest);
                String body = message.substring(message.indexOf("\r\n\r\n") + 4).replaceAll("\\s", "");
                return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    Api start(TestDatabases kind, Clock clock) throws Exception {
        String url = kind == TestDatabases.POSTGRESQL ? TestDatabases.freshPostgresUrl() : "";
        return start(data, Path.of("policies/reference.yaml"), url, clock);
    }

    /** Starts Steward on {@code data} under {@code policy} ({@code url} "" for the embedded database), as its admin. */
    public static Api start(Path data, Path policy, String url, Clock clock) throws Exception {
        Steward steward = Steward.start(new Settings(data, "127.0.0.1", 0, policy, url, 1 << 20), clock, Map.of());
        return new Api(steward, Files.readString(data.resolve("admin.key")).strip(), data);
    }

    public static String subject(Api api, String email, String jurisdiction) throws Exception {
        String id = api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"" + email + "\"},"
                + "\"jurisdiction\":\"" + jurisdiction + "\",\"customer\":true}", 201).get("id").asText();
        for (String record : new String[] {
            "{\"category\":\"contact.name\",\"value\":\"Elena Ortiz\",\"source\":\"provided\",\"purposes\":[\"provide\"]}",
            "{\"category\":\"contact.email\",\"value\":\"" + email + "\",\"source\":\"provided\",\"purposes\":[\"communicate\"]}",
            "{\"category\":\"billing.invoice\",\"value\":\"INV-2026-001 120 EUR\",\"source\":\"automatic\","
                    + "\"purposes\":[\"legal_obligation\"]}",
            "{\"category\":\"usage.clickstream\",\"value\":\"/console/billing\",\"source\":\"automatic\","
                    + "\"purposes\":[\"improve\"]}"}) {
            api.json("POST", "/api/v1/subjects/" + id + "/records", record, 201);
        }
        return id;
    }

    public static String submit(Api api, String type, String email, String jurisdiction, String extra) throws Exception {
        return api.json("POST", "/api/v1/requests", "{\"type\":\"" + type + "\",\"identity\":{\"email\":\"" + email
                + "\"},\"jurisdiction\":\"" + jurisdiction + "\"" + extra + "}", 202).get("id").asText();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void accessThenErasureInTheEea(TestDatabases kind) throws Exception {
        Api api = start(kind, Clock.systemUTC());
        try (Steward ignored = api.steward()) {
            String subject = subject(api, "elena@example.com", "EEA");
            JsonNode accepted = api.json("POST", "/api/v1/requests", "{\"type\":\"access\",\"identity\":{\"email\":"
                    + "\"Elena@Example.com\"},\"jurisdiction\":\"EEA\",\"language\":\"en\"}", 202);
            String access = accepted.get("id").asText();
            assertThat(accepted.get("status").asText()).isEqualTo("received");
            assertThat(accepted.get("duplicate").asBoolean()).isFalse();
            assertThat(api.message("elena@example.com")).as("the code message confirms receipt and the due date")
                    .contains(access, accepted.get("due_at").asText().substring(0, 10));
            JsonNode again = api.json("POST", "/api/v1/requests", "{\"type\":\"access\",\"identity\":{\"email\":"
                    + "\"elena@example.com\"},\"jurisdiction\":\"EEA\"}", 202);
            assertThat(again.get("id").asText()).isEqualTo(access);
            assertThat(again.get("duplicate").asBoolean()).isTrue();

            String code = api.code("elena@example.com");
            String wrong = code.equals("000000") ? "111111" : "000000";
            JsonNode failed = api.json("POST", "/api/v1/requests/" + access + "/verify", "{\"code\":\"" + wrong + "\"}",
                    400);
            assertThat(failed.get("error").get("code").asText()).isEqualTo("verification_failed");
            JsonNode done = api.json("POST", "/api/v1/requests/" + access + "/verify", "{\"code\":\"" + code + "\"}", 200);
            assertThat(done.get("status").asText()).isEqualTo("completed");
            assertThat(done.get("subject_id").asText()).isEqualTo(subject);
            assertThat(done.get("result").get("records").asInt()).isEqualTo(4);

            Map<String, String> zip = unzip(api.raw("GET", "/api/v1/requests/" + access + "/export", null).body());
            assertThat(zip).containsKeys("data.json", "data.csv", "index.html");
            JsonNode export = JSON.readTree(zip.get("data.json"));
            assertThat(export.get("records")).hasSize(4);
            assertThat(zip.get("data.json")).contains("Elena Ortiz", "INV-2026-001");
            assertThat(export.get("recipients").toString()).contains("Salesforce");
            assertThat(zip.get("data.csv").lines()).hasSize(5);
            assertThat(zip.get("index.html")).contains("<html lang=\"en\">", "Elena Ortiz", "Purposes");

            String erase = submit(api, "erase", "elena@example.com", "EEA", "");
            JsonNode erased = api.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\""
                    + api.code("elena@example.com") + "\"}", 200);
            assertThat(erased.get("status").asText()).isEqualTo("partially_completed");
            assertThat(erased.get("result").get("retained").get(0).get("hold").asText()).isEqualTo("tax_accounting");
            assertThat(erased.get("result").get("retained").get(0).get("categories").toString())
                    .contains("billing.invoice");
            assertThat(erased.get("result").get("erased").has("usage.clickstream")).isTrue();
            api.json("GET", "/api/v1/subjects?email=elena@example.com", null, 404);
            assertThat(api.json("GET", "/api/v1/audit/verify", null, 200).get("valid").asBoolean()).isTrue();
        }
    }

    /** Every jurisdiction of the reference policy: an access request runs end to end with its own deadline. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "BR, 2026-03-31", "US-CA, 2026-04-30", "CA, 2026-04-15", "CR, 2026-03-23", "EEA, 2026-04-16",
        "UK, 2026-04-16", "CH, 2026-04-15", "IN, 2026-06-14", "JP, 2026-03-30", "MY, 2026-04-06", "KR, 2026-03-26",
        "DEFAULT, 2026-04-15"})
    void accessRunsInEveryJurisdiction(String jurisdiction, String due) throws Exception {
        Api api = start(TestDatabases.SQLITE, new MovableClock());
        try (Steward ignored = api.steward()) {
            String email = "person-" + jurisdiction.toLowerCase(java.util.Locale.ROOT) + "@example.com";
            String subject = subject(api, email, jurisdiction);
            String request = submit(api, "access", email, jurisdiction, "");
            JsonNode submitted = api.json("GET", "/api/v1/requests/" + request, null, 200);
            assertThat(submitted.get("due_at").asText()).startsWith(due + "T23:59:59");
            JsonNode done = api.json("POST", "/api/v1/requests/" + request + "/verify", "{\"code\":\""
                    + api.code(email) + "\"}", 200);
            assertThat(done.get("status").asText()).isEqualTo("completed");
            assertThat(done.get("subject_id").asText()).isEqualTo(subject);
            Map<String, String> zip = unzip(api.raw("GET", "/api/v1/requests/" + request + "/export", null).body());
            assertThat(zip.get("data.json")).contains("Elena Ortiz", email);
        }
    }

    @Test
    void optOutsNeedNoVerificationAndTypesNotOfferedAreAnsweredWithTheReason() throws Exception {
        Api api = start(TestDatabases.SQLITE, Clock.systemUTC());
        try (Steward ignored = api.steward()) {
            String subject = subject(api, "carla@example.com", "US-CA");
            JsonNode optOut = api.json("POST", "/api/v1/requests", "{\"type\":\"opt_out_sale\",\"identity\":{\"email\":"
                    + "\"carla@example.com\"},\"jurisdiction\":\"US-CA\"}", 202);
            assertThat(optOut.get("status").asText()).isEqualTo("completed");
            JsonNode choices = api.json("GET", "/api/v1/subjects/" + subject + "/consents", null, 200);
            assertThat(choices.toString()).contains("opt_out.sale_sharing");
            int year = java.time.Year.now().getValue();
            String csv = new String(api.raw("GET", "/api/v1/reports/ccpa-metrics?format=csv&year=" + year, null).body(),
                    StandardCharsets.UTF_8);
            assertThat(csv).contains(year + ",opt_out,1,1,0,0,");
            subject(api, "kenji@example.com", "JP");
            JsonNode refused = api.json("POST", "/api/v1/requests", "{\"type\":\"restrict\",\"identity\":{\"email\":"
                    + "\"kenji@example.com\"},\"jurisdiction\":\"JP\"}", 202);
            assertThat(refused.get("status").asText()).isEqualTo("denied");
            assertThat(refused.get("reason").asText()).startsWith("not_offered_in_jurisdiction: JP offers");
        }
    }

    @Test
    void unknownPeopleGetTheSameAnswerAndNoDataIsClaimed() throws Exception {
        Api api = start(TestDatabases.SQLITE, Clock.systemUTC());
        try (Steward ignored = api.steward()) {
            JsonNode accepted = api.json("POST", "/api/v1/requests", "{\"type\":\"confirm\",\"identity\":{\"email\":"
                    + "\"nobody@example.com\"},\"jurisdiction\":\"BR\"}", 202);
            assertThat(accepted.get("status").asText()).isEqualTo("received");
            JsonNode done = api.json("POST", "/api/v1/requests/" + accepted.get("id").asText() + "/verify", "{\"code\":\""
                    + api.code("nobody@example.com") + "\"}", 200);
            assertThat(done.get("result").get("holds_data").asBoolean()).isFalse();
            assertThat(done.get("subject_id").isNull()).isTrue();
        }
    }

    @Test
    void codesExpireAndBruteForceLocks() throws Exception {
        MovableClock clock = new MovableClock();
        Api api = start(TestDatabases.SQLITE, clock);
        try (Steward ignored = api.steward()) {
            subject(api, "lee@example.com", "KR");
            String first = submit(api, "access", "lee@example.com", "KR", "");
            String code = api.code("lee@example.com");
            clock.advance(Duration.ofMinutes(11));
            assertThat(api.json("POST", "/api/v1/requests/" + first + "/verify", "{\"code\":\"" + code + "\"}", 400)
                    .get("error").get("code").asText()).isEqualTo("verification_expired");
            assertThat(submit(api, "access", "lee@example.com", "KR", "")).as("the repeat gets a fresh code")
                    .isEqualTo(first);
            clock.advance(Duration.ofSeconds(1));
            assertThat(api.json("POST", "/api/v1/requests/" + first + "/verify", "{\"code\":\""
                    + api.code("lee@example.com") + "\"}", 200).get("status").asText()).isEqualTo("completed");
            String second = submit(api, "copy", "lee@example.com", "KR", "");
            String right = api.code("lee@example.com");
            String wrong = right.equals("123456") ? "654321" : "123456";
            for (int attempt = 1; attempt < 5; attempt++) {
                api.json("POST", "/api/v1/requests/" + second + "/verify", "{\"code\":\"" + wrong + "\"}", 400);
            }
            assertThat(api.json("POST", "/api/v1/requests/" + second + "/verify", "{\"code\":\"" + wrong + "\"}", 403)
                    .get("error").get("code").asText()).isEqualTo("verification_locked");
            assertThat(api.json("POST", "/api/v1/requests/" + second + "/verify", "{\"code\":\"" + right + "\"}", 403)
                    .get("error").get("code").asText()).isEqualTo("verification_locked");
            assertThat(api.json("POST", "/api/v1/requests/req_none/verify", "{\"code\":\"1\"}", 404)
                    .get("error").get("code").asText()).isEqualTo("unknown_request");
        }
    }

    @Test
    void aCopyNeedsTwoMatchingDataPoints() throws Exception {
        Api api = start(TestDatabases.SQLITE, Clock.systemUTC());
        try (Steward ignored = api.steward()) {
            api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"sam@example.com\",\"phone\":"
                    + "\"+1 415 555 0100\"},\"jurisdiction\":\"US-CA\"}", 201);
            String copy = submit(api, "copy", "sam@example.com", "US-CA", "");
            String code = api.code("sam@example.com");
            assertThat(api.json("POST", "/api/v1/requests/" + copy + "/verify", "{\"code\":\"" + code + "\",\"also\":"
                    + "{\"phone\":\"+1 415 555 0199\"}}", 400).get("error").get("code").asText())
                    .isEqualTo("second_factor_required");
            JsonNode done = api.json("POST", "/api/v1/requests/" + copy + "/verify", "{\"code\":\"" + code
                    + "\",\"also\":{\"phone\":\"(415) 555-0100\"}}", 200);
            assertThat(done.get("status").asText()).isEqualTo("completed");
        }
    }

    @Test
    void officersExtendOnceWhereTheLawAllowsAndDenyWithAReason() throws Exception {
        MovableClock clock = new MovableClock();
        Api api = start(TestDatabases.SQLITE, clock);
        try (Steward ignored = api.steward()) {
            subject(api, "ana@example.com", "EEA");
            String request = submit(api, "erase", "ana@example.com", "EEA", ",\"received_at\":\"2026-01-31\"");
            assertThat(api.json("GET", "/api/v1/requests/" + request, null, 200).get("due_at").asText())
                    .startsWith("2026-02-28T23:59:59");
            JsonNode extended = api.json("POST", "/api/v1/requests/" + request + "/extend", "{\"reason\":\"many systems "
                    + "to search\"}", 200);
            assertThat(extended.get("status").asText()).isEqualTo("extended");
            assertThat(extended.get("due_at").asText()).startsWith("2026-04-28T23:59:59");
            assertThat(api.json("POST", "/api/v1/requests/" + request + "/extend", "{\"reason\":\"again\"}", 409)
                    .get("error").get("code").asText()).isEqualTo("extension_not_allowed");
            subject(api, "kim@example.com", "KR");
            String korean = submit(api, "access", "kim@example.com", "KR", "");
            assertThat(api.json("POST", "/api/v1/requests/" + korean + "/extend", "{\"reason\":\"x\"}", 409)
                    .get("error").get("code").asText()).isEqualTo("extension_not_allowed");
            JsonNode denied = api.json("POST", "/api/v1/requests/" + korean + "/deny", "{\"reason\":\"manifestly "
                    + "unfounded\"}", 200);
            assertThat(denied.get("status").asText()).isEqualTo("denied");
            assertThat(denied.get("denied_reason").asText()).isEqualTo("manifestly unfounded");
            JsonNode queue = api.json("GET", "/api/v1/requests?status=extended&due_before=2026-05-01", null, 200);
            assertThat(queue.get("requests")).hasSize(1);
            assertThat(api.json("GET", "/api/v1/requests?status=nonsense", null, 400).get("error").get("code").asText())
                    .isEqualTo("invalid_field");
        }
    }

    @Test
    void theQueueCanBeWorkedFromTheCommandLine() throws Exception {
        String request;
        Api api = start(TestDatabases.SQLITE, Clock.systemUTC());
        try (Steward ignored = api.steward()) {
            subject(api, "joao@example.com", "BR");
            request = submit(api, "access", "joao@example.com", "BR", "");
        }
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = dev.steward.cli.StewardCommand.run(new String[] {"dsr", "list", "--status", "received", "--data",
            data.toString()}, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains(request, "access", "BR", "received");
        out.getBuffer().setLength(0);
        code = dev.steward.cli.StewardCommand.run(new String[] {"dsr", "deny", request, "--reason", "duplicate of a "
            + "request by post", "--json", "--data", data.toString()}, new java.io.PrintWriter(out),
                new java.io.PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        assertThat(JSON.readTree(out.toString()).get("status").asText()).isEqualTo("denied");
    }

    public static Map<String, String> unzip(byte[] zip) throws Exception {
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
