package dev.steward.dsr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.Steward;
import dev.steward.dsr.RequestApiTest.Api;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identity proof under concurrency and abuse: one fulfilment per request, guesses counted atomically. */
class VerificationRaceTest {
    @TempDir
    Path data;

    private static List<Integer> parallel(int times, Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(times);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                futures.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
            return statuses;
        } finally {
            pool.shutdown();
        }
    }

    private long audited(String action, String request) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("steward.db"));
             PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM audit_log WHERE action = ? "
                     + "AND detail LIKE ?")) {
            query.setString(1, action);
            query.setString(2, "%" + request + "%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    void parallelVerificationsFulfilARequestOnce() throws Exception {
        Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", Clock.systemUTC());
        String request;
        try (Steward ignored = api.steward()) {
            RequestApiTest.subject(api, "mina@example.com", "KR");
            request = RequestApiTest.submit(api, "erase", "mina@example.com", "KR", "");
            String code = api.code("mina@example.com");
            List<Integer> statuses = parallel(16, () -> api.raw("POST", "/api/v1/requests/" + request + "/verify",
                    "{\"code\":\"" + code + "\"}").statusCode());
            // one verification wins; the rest find the request verified (200) or already complete (409)
            assertThat(statuses).allSatisfy(status -> assertThat(status).isIn(200, 409)).contains(200);
            assertThat(api.json("GET", "/api/v1/requests/" + request, null, 200).get("status").asText())
                    .isIn("completed", "partially_completed");
        }
        assertThat(audited("request.identity_verified", request)).isEqualTo(1);
        assertThat(audited("subject.erase", "")).isEqualTo(1);
    }

    @Test
    void parallelGuessesAfterFourWrongOnesGetOneMoreTryAtMost() throws Exception {
        Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", Clock.systemUTC());
        try (Steward ignored = api.steward()) {
            RequestApiTest.subject(api, "jun@example.com", "KR");
            for (int trial = 0; trial < 3; trial++) {
                String request = RequestApiTest.submit(api, "access", "jun@example.com", "KR", "");
                String right = api.code("jun@example.com");
                String wrong = right.equals("123456") ? "654321" : "123456";
                for (int attempt = 1; attempt < 5; attempt++) {
                    api.json("POST", "/api/v1/requests/" + request + "/verify", "{\"code\":\"" + wrong + "\"}", 400);
                }
                // 15 wrong guesses race the right one: only one of the sixteen may still be counted
                List<Integer> statuses = new ArrayList<>(parallel(16, () -> api.raw("POST", "/api/v1/requests/"
                        + request + "/verify", "{\"code\":\"" + wrong + "\"}").statusCode()));
                assertThat(statuses.stream().filter(status -> status == 400 || status == 200).count())
                        .as("attempts counted past the limit").isLessThanOrEqualTo(1);
                JsonNode after = api.json("GET", "/api/v1/requests/" + request, null, 200);
                assertThat(after.get("status").asText()).isEqualTo("denied");
                assertThat(api.raw("POST", "/api/v1/requests/" + request + "/verify", "{\"code\":\"" + right + "\"}")
                        .statusCode()).isIn(403, 409);
            }
        }
    }

    @Test
    void aLockedRequestEndsAndThePersonCanStartAgainWithinLimits() throws Exception {
        Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", Clock.systemUTC());
        try (Steward ignored = api.steward()) {
            RequestApiTest.subject(api, "ara@example.com", "KR");
            String locked = RequestApiTest.submit(api, "access", "ara@example.com", "KR", "");
            String wrong = api.code("ara@example.com").equals("123456") ? "654321" : "123456";
            for (int attempt = 1; attempt <= 5; attempt++) {
                api.raw("POST", "/api/v1/requests/" + locked + "/verify", "{\"code\":\"" + wrong + "\"}");
            }
            String again = RequestApiTest.submit(api, "access", "ara@example.com", "KR", "");
            assertThat(again).as("a new request, not the locked one").isNotEqualTo(locked);
            assertThat(api.json("POST", "/api/v1/requests/" + again + "/verify", "{\"code\":\""
                    + api.code("ara@example.com") + "\"}", 200).get("status").asText()).isEqualTo("completed");
            int refused = 0;
            for (int i = 0; i < 12; i++) {
                HttpResponse<byte[]> response = api.raw("POST", "/api/v1/requests", "{\"type\":\"access\","
                        + "\"identity\":{\"email\":\"ara@example.com\"},\"jurisdiction\":\"KR\"}");
                if (response.statusCode() == 429) {
                    refused++;
                    assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
                            .contains("\"rate_limited\"").doesNotContain("ara@");
                } else {
                    assertThat(response.statusCode()).isEqualTo(202);
                    String id = RequestApiTest.JSON.readTree(response.body()).get("id").asText();
                    api.json("POST", "/api/v1/requests/" + id + "/verify", "{\"code\":\""
                            + api.code("ara@example.com") + "\"}", 200);
                }
            }
            assertThat(refused).as("new requests for one identity are limited per day").isPositive();
        }
    }
}
