package dev.steward.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.Steward;
import dev.steward.config.Settings;
import dev.steward.crypto.MasterKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decision-cache coherence between two nodes on one PostgreSQL: node A changes a consent (over HTTP, as an
 * application does); from the moment A acknowledged it, node B is asked for a decision on it in a loop
 * until B decides on the new value. Reported: that delay (p50, p99), beside a decision round trip to B in
 * the same run (how finely the delay can be seen) and the write's own latency on A.
 */
public final class CoherenceBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path policy;
    private final String url;
    private final int samples;

    public CoherenceBench(Path policy, String url, int samples) {
        this.policy = policy;
        this.url = url;
        this.samples = samples;
    }

    public Map<String, Object> run() throws Exception {
        Path dir = Files.createTempDirectory("steward-coherence-bench");
        Map<String, String> environment = Map.of(MasterKey.ENVIRONMENT, MasterKey.generateForEnvironment());
        try (Steward a = Steward.start(new Settings(dir.resolve("a"), "127.0.0.1", 0, policy, url, 1 << 20),
                Clock.systemUTC(), environment);
             Steward b = Steward.start(new Settings(dir.resolve("b"), "127.0.0.1", 0, policy, url, 1 << 20),
                     Clock.systemUTC(), environment)) {
            String key = Files.readString(dir.resolve("a").resolve("admin.key")).strip();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Node nodeA = new Node(client, "http://127.0.0.1:" + a.port(), key);
            Node nodeB = new Node(client, "http://127.0.0.1:" + b.port(), key);
            String subject = JSON.readTree(nodeA.send("POST", "/api/v1/subjects", "{\"identities\":{\"account_id\":"
                    + "\"coherence-bench\"},\"jurisdiction\":\"EEA\",\"customer\":true}")).get("id").asText();
            String decision = "{\"subject\":\"" + subject + "\",\"category\":\"contact.email\",\"purpose\":\"marketing\"}";
            double[] delays = new double[samples];
            double[] roundTrips = new double[samples];
            double[] writes = new double[samples];
            for (int i = -20; i < samples; i++) { // 20 warm-up rounds
                boolean granted = (i & 1) == 0;
                long writeStart = System.nanoTime();
                nodeA.send("PUT", "/api/v1/subjects/" + subject + "/consents/marketing", "{\"granted\":" + granted + "}");
                long acknowledged = System.nanoTime();
                while (JSON.readTree(nodeB.send("POST", "/api/v1/decisions", decision)).get("allowed").asBoolean()
                        != granted) {
                    if (System.nanoTime() - acknowledged > 10_000_000_000L) {
                        throw new IllegalStateException("node B did not see the change within 10 s");
                    }
                }
                long seen = System.nanoTime();
                long trip = System.nanoTime();
                nodeB.send("POST", "/api/v1/decisions", decision);
                if (i >= 0) {
                    delays[i] = (seen - acknowledged) / 1e6;
                    roundTrips[i] = (System.nanoTime() - trip) / 1e6;
                    writes[i] = (acknowledged - writeStart) / 1e6;
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", "coherence");
            result.put("samples", samples);
            result.put("delay_p50_ms", Figures.round(AccessBench.percentile(delays, 50)));
            result.put("delay_p99_ms", Figures.round(AccessBench.percentile(delays, 99)));
            result.put("delay_max_ms", Figures.round(AccessBench.percentile(delays, 100)));
            result.put("baseline_decision_round_trip_p50_ms", Figures.round(AccessBench.percentile(roundTrips, 50)));
            result.put("baseline_decision_round_trip_p99_ms", Figures.round(AccessBench.percentile(roundTrips, 99)));
            result.put("write_on_a_p50_ms", Figures.round(AccessBench.percentile(writes, 50)));
            result.put("bound_ms", 1000);
            return result;
        } finally {
            TempDirs.deleteTree(dir);
        }
    }

    private record Node(HttpClient client, String base, String key) {
        String send(String method, String path, String body) throws Exception {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode());
            }
            return response.body();
        }
    }

}
