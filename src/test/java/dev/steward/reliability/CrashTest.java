package dev.steward.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.dsr.RequestApiTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code steward serve} in its own process, killed with SIGKILL at a random moment while clients write:
 * after a restart every write it had acknowledged is there and the audit chain verifies. A few rounds
 * run with the tests; {@code bench/crash.sh} runs 20 ({@code -Dsteward.crash.rounds=N}, seed
 * {@code -Dsteward.crash.seed=S}).
 */
class CrashTest {
    private static final int ROUNDS = Integer.getInteger("steward.crash.rounds", 3);
    private static final long SEED = Long.getLong("steward.crash.seed", 11L);
    @TempDir
    Path data;

    private ServeProcess serve() throws Exception {
        return ServeProcess.start(data, List.of(), Map.of());
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Random random = new Random(SEED);
        Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
        List<String> subjects = new ArrayList<>();
        ServeProcess first = serve();
        for (int i = 0; i < 4; i++) {
            JsonNode created = RequestApiTest.JSON.readTree(first.send("POST", "/api/v1/subjects", "{\"identities\":"
                    + "{\"email\":\"crash" + i + "@example.com\"},\"jurisdiction\":\"EEA\",\"customer\":true}").body());
            subjects.add(created.get("id").asText());
            acknowledged.put(created.get("id").asText(), ConcurrentHashMap.newKeySet());
        }
        ServeProcess server = first;
        for (int round = 0; round < ROUNDS; round++) {
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(8);
            List<Future<?>> work = new ArrayList<>();
            ServeProcess target = server;
            for (int w = 0; w < 8; w++) {
                int writer = w;
                work.add(writers.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String subject = subjects.get((writer + i) % subjects.size());
                        try {
                            HttpResponse<String> response = target.send("POST", "/api/v1/subjects/" + subject
                                    + "/records", "{\"category\":\"contact.name\",\"value\":\"W" + writer + "-" + i
                                    + "\",\"source\":\"provided\",\"purposes\":[\"provide\"]}");
                            if (response.statusCode() == 201) {
                                acknowledged.get(subject).add(RequestApiTest.JSON.readTree(response.body()).get("id")
                                        .asText());
                            } else {
                                assertThat(response.statusCode()).as(response.body()).isLessThan(500);
                            }
                        } catch (java.io.IOException e) {
                            return null; // the server died: this write was never acknowledged
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(300 + random.nextInt(1200));
            server.kill();
            stop.set(true);
            for (Future<?> each : work) {
                each.get(60, TimeUnit.SECONDS);
            }
            writers.shutdown();

            server = serve();
            for (String subject : subjects) {
                JsonNode records = RequestApiTest.JSON.readTree(server.send("GET", "/api/v1/subjects/" + subject
                        + "/records?purpose=provide", null).body()).get("records");
                Set<String> present = ConcurrentHashMap.newKeySet();
                records.forEach(record -> present.add(record.get("id").asText()));
                assertThat(present).as("round %d: acknowledged writes after SIGKILL", round)
                        .containsAll(acknowledged.get(subject));
            }
            JsonNode audit = RequestApiTest.JSON.readTree(server.send("GET", "/api/v1/audit/verify", null).body());
            assertThat(audit.get("valid").asBoolean()).as("round %d: audit chain", round).isTrue();
        }
        server.stop();
        int total = acknowledged.values().stream().mapToInt(Set::size).sum();
        assertThat(total).as("writes were made").isPositive();
        System.out.println("crash test: " + ROUNDS + " SIGKILL rounds, " + total + " acknowledged writes, all present, "
                + "audit chain intact");
    }
}
