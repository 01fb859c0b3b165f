package dev.steward.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.Steward;
import dev.steward.dsr.RequestApiTest;
import dev.steward.dsr.RequestApiTest.Api;
import dev.steward.store.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded clients mixing conflicting and valid registrations, records, consent changes, identity links
 * and parallel verifications against one server: no answer is a 5xx, every acknowledged write reads
 * back after a restart (birth dates still gate children), and no request is fulfilled twice.
 * {@code -Dsteward.concurrency.seed=S} and {@code -Dsteward.concurrency.ops=N} change seed and size.
 */
class ConcurrencyTest {
    private static final long SEED = Long.getLong("steward.concurrency.seed", 7L);
    private static final int OPS = Integer.getInteger("steward.concurrency.ops", 40);
    private static final int CLIENTS = 16;

    @TempDir
    Path data;

    /** What the server acknowledged, to be read back after the restart. */
    static final class Acknowledged {
        final Map<String, String> children = new ConcurrentHashMap<>();
        final Map<String, String> adults = new ConcurrentHashMap<>();
        final Map<String, List<String>> records = new ConcurrentHashMap<>();
        final Map<String, Boolean> consent = new ConcurrentHashMap<>();
        final Set<String> requests = ConcurrentHashMap.newKeySet();
        final Set<String> failures = ConcurrentHashMap.newKeySet();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void acknowledgedWritesSurviveARestartAndNothingIsFulfilledTwice(TestDatabases kind) throws Exception {
        String url = kind == TestDatabases.POSTGRESQL ? TestDatabases.freshPostgresUrl() : "";
        Path policy = Path.of("policies/reference.yaml");
        Acknowledged seen = new Acknowledged();
        Api api = RequestApiTest.start(data, policy, url, Clock.systemUTC());
        try (Steward ignored = api.steward()) {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    run(api, new Random(SEED * 31 + client), client, seen);
                    return null;
                }));
            }
            for (Future<?> each : clients) {
                each.get();
            }
            pool.shutdown();
        }
        assertThat(seen.failures).as("answers outside the contract").isEmpty();
        assertThat(seen.children).isNotEmpty();
        assertThat(seen.requests).as("verification races run").isNotEmpty();

        Api again = RequestApiTest.start(data, policy, url, Clock.systemUTC());
        try (Steward ignored = again.steward()) {
            for (Map.Entry<String, String> child : seen.children.entrySet()) {
                JsonNode found = again.json("GET", "/api/v1/subjects?email=" + child.getValue(), null, 200);
                assertThat(found.get("id").asText()).isEqualTo(child.getKey());
                JsonNode decision = again.json("POST", "/api/v1/decisions", "{\"subject\":\"" + child.getKey()
                        + "\",\"category\":\"contact.email\",\"purpose\":\"marketing\"}", 200);
                assertThat(decision.get("reason").asText()).as("a 12-year-old's birth date still decrypts")
                        .isEqualTo("guardian_consent_missing");
            }
            for (Map.Entry<String, String> adult : seen.adults.entrySet()) {
                assertThat(again.json("GET", "/api/v1/subjects?email=" + adult.getValue(), null, 200).get("id")
                        .asText()).isEqualTo(adult.getKey());
                String values = again.json("GET", "/api/v1/subjects/" + adult.getKey() + "/records?purpose=provide",
                        null, 200).get("records").toString();
                for (String value : seen.records.getOrDefault(adult.getKey(), List.of())) {
                    assertThat(values).contains(value);
                }
                Boolean granted = seen.consent.get(adult.getKey());
                if (granted != null) {
                    assertThat(again.json("GET", "/api/v1/subjects/" + adult.getKey() + "/consents", null, 200)
                            .toString()).contains(granted ? "\"granted\"" : "\"withdrawn\"");
                }
            }
        }
        try (Connection connection = kind == TestDatabases.POSTGRESQL ? DriverManager.getConnection(url)
                : DriverManager.getConnection("jdbc:sqlite:" + data.resolve("steward.db"));
             Statement sql = connection.createStatement()) {
            for (String action : new String[] {"request.identity_verified", "request.completed"}) {
                try (ResultSet rows = sql.executeQuery("SELECT detail FROM audit_log WHERE action = '" + action + "'")) {
                    List<String> details = new ArrayList<>();
                    while (rows.next()) {
                        details.add(rows.getString(1));
                    }
                    for (String request : seen.requests) {
                        assertThat(details.stream().filter(detail -> detail.contains(request)).count())
                                .as(action + " of " + request).isEqualTo(1);
                    }
                }
            }
        }
    }

    private static void run(Api api, Random random, int client, Acknowledged seen) throws Exception {
        List<String> mine = new ArrayList<>();
        ExecutorService verifiers = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < OPS; i++) {
                int op = mine.isEmpty() ? 0 : random.nextInt(10);
                if (op <= 3) {
                    boolean child = random.nextBoolean();
                    boolean conflict = random.nextInt(3) == 0;
                    String email = conflict ? "shared-" + random.nextInt(3) + "@example.com"
                            : "c" + client + "-" + i + "@example.com";
                    LocalDate birth = LocalDate.now().minusYears(child ? 12 : 30).minusDays(10);
                    HttpResponse<byte[]> response = api.raw("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\""
                            + email + "\"},\"jurisdiction\":\"KR\",\"customer\":true,\"birth_date\":\"" + birth + "\"}");
                    if (check(seen, "register", response, 201, 409) == 201) {
                        String id = RequestApiTest.JSON.readTree(response.body()).get("id").asText();
                        (child ? seen.children : seen.adults).put(id, email);
                        if (!child) {
                            mine.add(id);
                        }
                    }
                } else if (op <= 5) {
                    String subject = mine.get(random.nextInt(mine.size()));
                    String value = "V-" + client + "-" + i;
                    HttpResponse<byte[]> response = api.raw("POST", "/api/v1/subjects/" + subject + "/records",
                            "{\"category\":\"contact.name\",\"value\":\"" + value + "\",\"source\":\"provided\","
                                    + "\"purposes\":[\"provide\"]}");
                    if (check(seen, "record", response, 201) == 201) {
                        seen.records.computeIfAbsent(subject, key -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(value);
                    }
                } else if (op <= 7) {
                    String subject = mine.get(random.nextInt(mine.size()));
                    boolean granted = random.nextBoolean();
                    HttpResponse<byte[]> response = api.raw("PUT", "/api/v1/subjects/" + subject
                            + "/consents/marketing", "{\"granted\":" + granted + ",\"method\":\"form\"}");
                    if (check(seen, "consent", response, 200) == 200) {
                        seen.consent.put(subject, granted);
                    }
                } else if (op == 8) {
                    String subject = mine.get(random.nextInt(mine.size()));
                    check(seen, "link", api.raw("POST", "/api/v1/subjects/" + subject + "/identities",
                            "{\"kind\":\"cookie_id\",\"value\":\"ck-" + random.nextInt(40) + "\"}"), 204, 409);
                } else {
                    verifyRace(api, seen, mine.get(random.nextInt(mine.size())), verifiers);
                }
            }
        } finally {
            verifiers.shutdown();
        }
    }

    /** An access request verified by four callers at once: each answer is 200 or 409, one fulfilment. */
    private static void verifyRace(Api api, Acknowledged seen, String subject, ExecutorService verifiers)
            throws Exception {
        String email = seen.adults.get(subject);
        HttpResponse<byte[]> submitted = api.raw("POST", "/api/v1/requests", "{\"type\":\"access\",\"identity\":"
                + "{\"email\":\"" + email + "\"},\"jurisdiction\":\"KR\"}");
        if (check(seen, "request", submitted, 202, 429) != 202) {
            return;
        }
        JsonNode body = RequestApiTest.JSON.readTree(submitted.body());
        if (body.path("duplicate").asBoolean(false) || !"received".equals(body.path("status").asText())) {
            return;
        }
        String id = body.get("id").asText();
        String code = api.code(email);
        List<Future<HttpResponse<byte[]>>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(verifiers.submit(() -> api.raw("POST", "/api/v1/requests/" + id + "/verify", "{\"code\":\""
                    + code + "\"}")));
        }
        for (Future<HttpResponse<byte[]>> call : calls) {
            check(seen, "verify", call.get(), 200, 409);
        }
        seen.requests.add(id);
    }

    private static int check(Acknowledged seen, String what, HttpResponse<byte[]> response, int... expected) {
        int status = response.statusCode();
        for (int allowed : expected) {
            if (status == allowed) {
                return status;
            }
        }
        if (seen.failures.size() < 20) {
            String text = new String(response.body(), StandardCharsets.UTF_8);
            seen.failures.add(what + " -> " + status + ": " + (text.length() > 160 ? text.substring(0, 160) : text));
        }
        return status;
    }
}
