package dev.steward.bench;

import dev.steward.Steward;
import dev.steward.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Batch decisions over HTTP on loopback: a real Steward server, clients posting batches of checks to
 * {@code POST /api/v1/decisions/batch}; decisions per second, beside the same clients' rate of empty
 * {@code GET /health} round trips in the same run (the cost of HTTP alone).
 */
public final class DecisionHttpBench {
    private static final List<String> JURISDICTIONS = List.of("DEFAULT", "EEA", "KR", "US-CA", "UK", "BR", "JP");
    private static final List<String> PURPOSES = List.of("provide", "improve", "personalize", "legal_obligation",
            "communicate", "marketing", "marketing.interest_based_ads", "fraud_prevention");
    private static final List<String> CATEGORIES = List.of("contact.name", "contact.email", "payment.card",
            "usage.clickstream", "cookie.identifier", "commerce.history", "network.ip", "billing.invoice");

    private final Path policy;
    private final int clients;
    private final int batch;
    private final long millis;

    public DecisionHttpBench(Path policy, int clients, int batch, long millis) {
        this.policy = policy;
        this.clients = clients;
        this.batch = batch;
        this.millis = millis;
    }

    public Map<String, Object> run() throws Exception {
        Path dir = Files.createTempDirectory("steward-http-bench");
        try (Steward steward = Steward.start(new Settings(dir, "127.0.0.1", 0, policy, "", 64L << 20),
                Clock.systemUTC(), Map.of())) {
            String key = Files.readString(dir.resolve("admin.key")).strip();
            String base = "http://127.0.0.1:" + steward.port();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<String> subjects = subjects(client, base, key);
            String body = batchBody(subjects);
            HttpRequest decisions = HttpRequest.newBuilder(URI.create(base + "/api/v1/decisions/batch"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/health")).GET().build();
            rate(client, decisions, 1, millis / 2);
            double batchesPerSecond = rate(client, decisions, clients, millis);
            double healthPerSecond = rate(client, health, clients, millis);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", "decisions-http");
            result.put("clients", clients);
            result.put("batch_size", batch);
            result.put("decisions_per_s", Math.round(batchesPerSecond * batch));
            result.put("baseline_health_round_trips_per_s", Math.round(healthPerSecond));
            result.put("batches_per_s", Math.round(batchesPerSecond));
            return result;
        } finally {
            TempDirs.deleteTree(dir);
        }
    }

    private static List<String> subjects(HttpClient client, String base, String key) throws IOException,
            InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/subjects"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"identities\":{\"account_id\":\"http-bench-" + i
                            + "\"},\"jurisdiction\":\"" + JURISDICTIONS.get(i % JURISDICTIONS.size()) + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            ids.add(body.substring(body.indexOf("sub_"), body.lastIndexOf('"')));
        }
        return ids;
    }

    private String batchBody(List<String> subjects) {
        Random random = new Random(7);
        StringBuilder body = new StringBuilder("{\"checks\":[");
        for (int i = 0; i < batch; i++) {
            body.append(i == 0 ? "" : ",").append("{\"subject\":\"").append(subjects.get(random.nextInt(subjects.size())))
                    .append("\",\"category\":\"").append(CATEGORIES.get(random.nextInt(CATEGORIES.size())))
                    .append("\",\"purpose\":\"").append(PURPOSES.get(random.nextInt(PURPOSES.size()))).append("\"}");
        }
        return body.append("]}").toString();
    }

    private static double rate(HttpClient client, HttpRequest request, int clients, long millis)
            throws InterruptedException {
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            new Thread(() -> {
                try {
                    while (!stop.get()) {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + response.statusCode());
                        }
                        done.increment();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    finished.countDown();
                }
            }, "http-bench-" + c).start();
        }
        Thread.sleep(millis);
        stop.set(true);
        finished.await();
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }
}
