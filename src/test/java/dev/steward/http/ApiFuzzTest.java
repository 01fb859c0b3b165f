package dev.steward.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.Steward;
import dev.steward.dsr.RequestApiTest;
import dev.steward.dsr.RequestApiTest.Api;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of every route in {@code /openapi.json} over real HTTP (and raw sockets for what a
 * client library would not send): whatever arrives, the answer is never a 5xx, every error is in the
 * JSON shape with a code, and no error names a Java class or repeats a value that was sent.
 * {@code -Dsteward.fuzz.requests=N} and {@code -Dsteward.fuzz.seed=S} change size and seed.
 */
class ApiFuzzTest {
    private static final int REQUESTS = Integer.getInteger("steward.fuzz.requests", 100_000);
    private static final long SEED = Long.getLong("steward.fuzz.seed", 20261202L);
    /** Planted in every value sent: an error that repeats it repeats input. */
    private static final String MARK = "Zq9mark";
    private static final Pattern CLASS_NAME = Pattern.compile("Exception|java\\.|javax\\.|jakarta\\.|com\\.fasterxml"
            + "|org\\.eclipse|org\\.jdbi|org\\.sqlite|dev\\.steward|\\bat [a-z]+\\.[a-z]");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FIELDS = {"type", "identity", "identities", "email", "phone", "account_id",
        "cookie_id", "jurisdiction", "customer", "birth_date", "guardian_id", "category", "value", "source",
        "purposes", "purpose", "subject", "code", "reason", "role", "name", "categories", "until", "state",
        "status", "received_at", "language", "also", "details", "requests", "recipient", "country", "enabled",
        "version", "choice", "method", "gpc", "kind", "record", "dry_run"};
    private static final String[] WORDS = {"access", "erase", "copy", "rectify", "marketing", "provide",
        "communicate", "contact.email", "contact.name", "billing.invoice", "KR", "EEA", "DE", "US-CA", "DEFAULT",
        "granted", "withdrawn", "denied", "admin", "agent", "provided", "automatic", "*", "2026-01-01",
        "2026-13-45", "9999-12-31T23:59:59Z", "-1", "sub_", "req_", "", " ", "null", "true", "%zz", "\u0000",
        "\r\n", "ü", "😀", "\uD800", "<script>", "' OR 1=1 --", "a@b.c", "+821012345678"};

    @TempDir
    Path data;

    record Route(String method, String path) { }

    @Test
    void noRequestGetsA5xxAClassNameOrItsOwnValueBack() throws Exception {
        Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", Clock.systemUTC());
        try (Steward steward = api.steward()) {
            List<Route> routes = routes();
            List<String> ids = seed(api);
            Map<String, String> keys = Map.of("admin", api.key(), "agent", issue(api, "agent"), "service",
                    issue(api, "service"), "officer", issue(api, "officer"));
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Set<String> failures = ConcurrentHashMap.newKeySet();
            AtomicLong sent = new AtomicLong();
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(SEED + t);
                work.add(pool.submit(() -> {
                    for (int i = 0; i < REQUESTS / threads; i++) {
                        String failure = one(random, client, steward.port(), routes, ids, keys);
                        sent.incrementAndGet();
                        if (failure != null && failures.size() < 40) {
                            failures.add(failure);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> each : work) {
                each.get();
            }
            pool.shutdown();
            assertThat(sent.get()).isGreaterThanOrEqualTo(REQUESTS - threads);
            assertThat(failures).as("answers outside the contract").isEmpty();
        }
    }

    private static List<Route> routes() throws Exception {
        try (InputStream in = ApiFuzzTest.class.getResourceAsStream("/openapi.json")) {
            JsonNode paths = JSON.readTree(in).get("paths");
            List<Route> routes = new ArrayList<>();
            for (Map.Entry<String, JsonNode> path : paths.properties()) {
                path.getValue().fieldNames().forEachRemaining(method -> routes.add(
                        new Route(method.toUpperCase(java.util.Locale.ROOT), path.getKey())));
            }
            return routes;
        }
    }

    private static String issue(Api api, String role) throws Exception {
        return api.json("POST", "/api/v1/keys", "{\"role\":\"" + role + "\"}", 201).get("key").asText();
    }

    /** Real ids, so that many fuzzed requests reach an existing subject, request or hold. */
    private static List<String> seed(Api api) throws Exception {
        List<String> ids = new ArrayList<>();
        ids.add(RequestApiTest.subject(api, "fuzz@example.com", "EEA"));
        ids.add(RequestApiTest.subject(api, "fuzz-kr@example.com", "KR"));
        ids.add(RequestApiTest.submit(api, "access", "fuzz@example.com", "EEA", ""));
        ids.add(api.json("POST", "/api/v1/subjects/" + ids.get(0) + "/holds", "{\"reason\":\"Matter 1\"}", 201)
                .get("id").asText());
        JsonNode records = api.json("GET", "/api/v1/subjects/" + ids.get(0) + "/records?purpose=provide", null, 200);
        records.findValues("id").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private String one(Random random, HttpClient client, int port, List<Route> routes, List<String> ids,
                       Map<String, String> keys) throws Exception {
        Route route = routes.get(random.nextInt(routes.size()));
        String method = random.nextInt(20) == 0 ? pick(random, "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")
                : route.method();
        String path = fill(random, route.path(), ids) + query(random);
        String body = method.equals("GET") || method.equals("DELETE") ? (random.nextInt(20) == 0 ? body(random) : null)
                : body(random);
        String key = switch (random.nextInt(10)) {
            case 0 -> null;
            case 1 -> "stw_" + MARK;
            case 2 -> keys.get("agent");
            case 3 -> keys.get("service");
            case 4 -> keys.get("officer");
            default -> keys.get("admin");
        };
        String type = switch (random.nextInt(12)) {
            case 0 -> null;
            case 1 -> "text/plain";
            case 2 -> "application/json; charset=ISO-8859-1";
            case 3 -> "multipart/form-data; boundary=x";
            default -> "application/json";
        };
        if (random.nextInt(40) == 0) {
            return raw(random, port, method, path, key);
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        } catch (IllegalArgumentException e) {
            return raw(random, port, method, path, key);
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (type != null && body != null) {
            request.header("Content-Type", type);
        }
        if (random.nextInt(30) == 0) {
            request.header("Sec-GPC", pick(random, "1", "0", "yes", MARK));
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(bytes(random, body)));
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException stale) {
            // a pooled keep-alive connection the server had just closed (after answering a malformed request
            // with Connection: close): the request never reached it; sent again on a new connection
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        return judge(method, route.path(), response.statusCode(), response.body());
    }

    /** What a client library refuses to send: framing and encoding errors, sent on a socket. */
    private static String raw(Random random, int port, String method, String path, String key) throws Exception {
        String target = switch (random.nextInt(5)) {
            case 0 -> path.replaceFirst("/[^/]*$", "/%zz");
            case 1 -> path + "%00";
            case 2 -> path.replaceFirst("/[^/]*$", "/%C3%28");
            default -> path;
        };
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (key != null) {
            head.append("Authorization: Bearer ").append(key).append("\r\n");
        }
        byte[] body = random.nextBoolean() ? new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'} : new byte[0];
        switch (random.nextInt(4)) {
            case 0 -> head.append("Content-Length: abc\r\n");
            case 1 -> head.append("Content-Length: -5\r\n");
            case 2 -> head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length)
                    .append("\r\n");
            default -> head.append("X-Bad: \u0001\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            String response = new String(readUntilClosed(socket.getInputStream()), StandardCharsets.UTF_8);
            if (response.length() < "HTTP/1.1 400".length()) {
                return null; // the connection was closed without an answer (or reset mid status line): nothing leaked
            }
            int status = Integer.parseInt(response.substring(9, 12));
            int split = response.indexOf("\r\n\r\n");
            String text = split < 0 ? "" : response.substring(split + 4);
            if (response.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                text = text.replaceAll("(?m)^[0-9a-fA-F]+\r$", "").replace("\r\n", "");
            }
            return judge(method, "raw " + target.replaceAll("sub_\\w+|req_\\w+", "{id}"), status, text.strip());
        }
    }

    /**
     * What the server sent before it closed. A server that answers a malformed head and closes while the
     * body it never read is still in its buffer resets the connection (TCP RST), which can reach this side
     * before or while the answer is read: the bytes read so far are the answer, possibly none.
     */
    private static byte[] readUntilClosed(java.io.InputStream in) throws java.io.IOException {
        java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // closed by a reset: keep what arrived
        }
        return read.toByteArray();
    }

    private static String judge(String method, String route, int status, String body) {
        String where = method + " " + route + " -> " + status + ": ";
        if (status >= 500) {
            return where + shorten(body);
        }
        if (CLASS_NAME.matcher(body).find()) {
            return where + "names a class: " + shorten(body);
        }
        if (status >= 400) {
            if (body.contains(MARK)) {
                return where + "repeats input: " + shorten(body);
            }
            try {
                JsonNode error = JSON.readTree(body).get("error");
                if (error == null || !error.path("code").isTextual() || !error.path("message").isTextual()) {
                    return where + "not the error shape: " + shorten(body);
                }
            } catch (java.io.IOException e) {
                return where + "not JSON: " + shorten(body);
            }
        }
        return null;
    }

    private static String shorten(String body) {
        return body.length() > 200 ? body.substring(0, 200) : body;
    }

    private static String fill(Random random, String template, List<String> ids) {
        StringBuilder path = new StringBuilder();
        for (String part : template.split("/", -1)) {
            if (!path.isEmpty() || !part.isEmpty()) {
                path.append('/');
            }
            if (part.startsWith("{")) {
                path.append(switch (random.nextInt(8)) {
                    case 0, 1, 2, 3 -> ids.get(random.nextInt(ids.size()));
                    case 4 -> pick(random, "marketing", "provide", "2022-09-01", "email_news", "contact.email");
                    case 5 -> "x" + MARK + random.nextInt(1000);
                    case 6 -> pick(random, "%20", "%C3%BC", "..", "%2E%2E", "a%2Fb", "%E2%80%AE");
                    default -> "y".repeat(random.nextInt(3) == 0 ? 3000 : 5);
                });
            } else {
                path.append(part);
            }
        }
        return path.toString().isEmpty() ? "/" : path.toString();
    }

    private static String query(Random random) {
        if (random.nextInt(3) != 0) {
            return "";
        }
        StringBuilder query = new StringBuilder("?");
        for (int i = random.nextInt(4); i >= 0; i--) {
            query.append(pick(random, "status", "type", "jurisdiction", "due_before", "email", "phone", "account_id",
                    "purpose", "limit", "after", "lang", "format", "subject", "page")).append('=')
                    .append(pick(random, "received", "KR", "EEA", "2026-01-01", "tomorrow", "-1", "99999999999999",
                            "marketing", "en", "zh-CN", "ms", "xx", MARK, "a%40b.c", "%2B821012345678", ""))
                    .append('&');
        }
        return query.toString();
    }

    private static String body(Random random) {
        return switch (random.nextInt(20)) {
            case 0 -> "";
            case 1 -> "alice" + MARK;
            case 2 -> "{\"value\":\"" + MARK + "\"";
            case 3 -> "[1,2,3]";
            case 4 -> "\"" + MARK + "\"";
            case 5 -> "{\"a\":" + "[".repeat(random.nextInt(3) == 0 ? 5000 : 20) + "1";
            case 6 -> "{\"value\": " + MARK + "}";
            default -> JSON.valueToTree(object(random, 0)).toString();
        };
    }

    private static Map<String, Object> object(Random random, int depth) {
        Map<String, Object> object = new java.util.LinkedHashMap<>();
        for (int i = random.nextInt(6); i >= 0; i--) {
            object.put(random.nextInt(15) == 0 ? MARK : FIELDS[random.nextInt(FIELDS.length)], value(random, depth));
        }
        return object;
    }

    private static Object value(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 6 : 9)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextInt(3) == 0 ? Long.MAX_VALUE : random.nextInt(200) - 100;
            case 3 -> random.nextDouble() * 1e300;
            case 4 -> WORDS[random.nextInt(WORDS.length)];
            case 5 -> WORDS[random.nextInt(WORDS.length)] + MARK;
            case 6, 7 -> object(random, depth + 1);
            default -> java.util.Arrays.asList(value(random, depth + 1), value(random, depth + 1));
        };
    }

    private static byte[] bytes(Random random, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(40) == 0 && bytes.length > 2) {
            bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x40));
        }
        return bytes;
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }

}
