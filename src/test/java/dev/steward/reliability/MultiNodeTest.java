package dev.steward.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.dsr.RequestApiTest;
import dev.steward.dsr.RequestApiTest.Api;
import dev.steward.store.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several nodes on one PostgreSQL (each its own data directory, one master key) behave as one: what is
 * changed through one node holds on the others within {@link #BOUND} — a withdrawn consent, an
 * erasure, a hold placed and released.
 */
class MultiNodeTest {
    /** The promise in docs/reliability.md: a change committed on one node is decided on by every node within this. */
    static final Duration BOUND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private Nodes nodes;
    private String url;

    private List<Api> start(int count) throws Exception {
        url = TestDatabases.freshPostgresUrl();
        nodes = new Nodes(dir, url, count);
        return nodes.apis();
    }

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    /** Milliseconds until {@code check} holds, failing after twice the bound. */
    private static long within(Callable<Boolean> check) throws Exception {
        long start = System.nanoTime();
        while (!check.call()) {
            assertThat(System.nanoTime() - start).as("still not seen after " + BOUND.multipliedBy(2))
                    .isLessThan(BOUND.multipliedBy(2).toNanos());
            Thread.sleep(5);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static boolean allowed(Api node, String subject, String category, String purpose) throws Exception {
        return node.json("POST", "/api/v1/decisions", "{\"subject\":\"" + subject + "\",\"category\":\"" + category
                + "\",\"purpose\":\"" + purpose + "\"}", 200).get("allowed").asBoolean();
    }

    @Test
    void aConsentWithdrawnOnOneNodeIsRefusedByTheOthersWithinTheBound() throws Exception {
        List<Api> apis = start(3);
        Api a = apis.get(0);
        String subject = RequestApiTest.subject(a, "lena@example.com", "EEA");
        a.json("PUT", "/api/v1/subjects/" + subject + "/consents/marketing", "{\"granted\":true}", 200);
        for (Api other : apis.subList(1, 3)) {
            within(() -> allowed(other, subject, "contact.email", "marketing")); // each caches the subject's state
        }
        a.json("PUT", "/api/v1/subjects/" + subject + "/consents/marketing", "{\"granted\":false}", 200);
        for (Api other : apis.subList(1, 3)) {
            long millis = within(() -> !allowed(other, subject, "contact.email", "marketing"));
            assertThat(millis).isLessThan(BOUND.toMillis());
        }
        // and back, through another node
        apis.get(2).json("PUT", "/api/v1/subjects/" + subject + "/consents/marketing", "{\"granted\":true}", 200);
        within(() -> allowed(a, subject, "contact.email", "marketing"));
    }

    @Test
    void afterAnErasureOnOneNodeNoOtherNodeReadsTheSubjectsData() throws Exception {
        List<Api> apis = start(2);
        Api a = apis.get(0);
        Api b = apis.get(1);
        String subject = RequestApiTest.subject(a, "nora@example.com", "EEA");
        Predicate<JsonNode> readable = records -> records.get("records").toString().contains("/console/billing");
        assertThat(readable.test(b.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=improve", null, 200)))
                .as("node B has the subject's key in its cache").isTrue();

        String erase = RequestApiTest.submit(a, "erase", "nora@example.com", "EEA", "");
        a.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\"" + a.code("nora@example.com") + "\"}", 200);

        within(() -> {
            var response = b.raw("GET", "/api/v1/subjects/" + subject + "/records?purpose=improve", null);
            return !new String(response.body(), java.nio.charset.StandardCharsets.UTF_8).contains("/console/billing");
        });
        assertThat(allowed(b, subject, "usage.clickstream", "improve")).as("B decides on the erasure").isFalse();
    }

    @Test
    void aHoldPlacedOrReleasedOnOneNodeGovernsTheNextWriteOnAnother() throws Exception {
        List<Api> apis = start(2);
        Api a = apis.get(0);
        Api b = apis.get(1);
        String subject = RequestApiTest.subject(a, "olga@example.com", "EEA");
        String record = "{\"category\":\"usage.clickstream\",\"value\":\"/page\",\"source\":\"automatic\","
                + "\"purposes\":[\"improve\"]}";
        String hold = a.json("POST", "/api/v1/subjects/" + subject + "/holds", "{\"reason\":\"Matter 7\","
                + "\"categories\":[\"*\"]}", 201).get("id").asText();
        String underHold = b.json("POST", "/api/v1/subjects/" + subject + "/records", record, 201).get("id").asText();
        assertThat(keyClasses(List.of(underHold))).as("B wrote under the hold A placed").containsExactly("legal." + hold);
        a.json("POST", "/api/v1/holds/" + hold + "/release", null, 200);
        String afterRelease = b.json("POST", "/api/v1/subjects/" + subject + "/records", record, 201).get("id").asText();

        JsonNode holds = b.json("GET", "/api/v1/subjects/" + subject + "/holds", null, 200).get("holds");
        assertThat(holds.get(0).get("released_at").isNull()).isFalse();
        // the record written on B while the hold was active went back to its own key with the release;
        // the one written after it never went under the released hold's key
        assertThat(keyClasses(List.of(underHold, afterRelease))).hasSize(2)
                .noneMatch(keyClass -> keyClass.startsWith("legal."));
    }

    @Test
    void aSweepStartedOnTwoNodesAtOnceRunsOnce() throws Exception {
        List<Api> apis = start(2);
        Api a = apis.get(0);
        List<String> closed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String subject = RequestApiTest.subject(a, "p" + i + "@example.com", "EEA");
            a.json("POST", "/api/v1/subjects/" + subject + "/close", "{\"effective_at\":\""
                    + java.time.Instant.now().minus(Duration.ofDays(120)) + "\"}", 204);
            closed.add(subject);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<java.net.http.HttpResponse<byte[]>>> runs = new ArrayList<>();
        for (Api node : apis) {
            runs.add(pool.submit(() -> {
                go.await();
                return node.raw("POST", "/api/v1/retention/run", "{}");
            }));
        }
        go.countDown();
        int purged = 0;
        int refused = 0;
        for (var run : runs) {
            var response = run.get();
            JsonNode body = RequestApiTest.JSON.readTree(response.body());
            if (response.statusCode() == 409) {
                assertThat(body.at("/error/code").asText()).isEqualTo("job_running");
                refused++;
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
                purged += body.get("subjects_purged").asInt();
            }
        }
        pool.shutdown();
        assertThat(purged).as("every expired account purged once").isEqualTo(closed.size());
        assertThat(refused).isLessThanOrEqualTo(1);
        JsonNode audit = a.json("GET", "/api/v1/audit?subject=" + closed.get(0), null, 200);
        assertThat(audit.toString().split("subject.erase", -1)).as("one erasure in the audit log").hasSize(2);
    }

    @Test
    void anErasureOnOneNodeIsReappliedAfterARestoreRunFromADirectoryNoNodeUses() throws Exception {
        List<Api> apis = start(2);
        Api a = apis.get(0);
        Api b = apis.get(1);
        String subject = RequestApiTest.subject(a, "rita@example.com", "EEA");
        Path elsewhere = dir.resolve("operator");
        nodes.writeMasterKeyFile(elsewhere.resolve("keys"));
        Path backup = dir.resolve("before-erasure.zip");
        assertThat(cli("backup", "create", "--out", backup.toString(), "--db", url, "--data", elsewhere.toString()).code())
                .isZero();

        String erase = RequestApiTest.submit(b, "erase", "rita@example.com", "EEA", "");
        b.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\"" + b.code("rita@example.com") + "\"}", 200);
        nodes.close();

        // neither node's directory is involved: the journal is in the database's keep schema
        Cli restored = cli("backup", "restore", backup.toString(), "--db", url, "--data", elsewhere.toString());
        assertThat(restored.code()).as(restored.err()).isZero();
        assertThat(restored.out()).doesNotContain("re-applied 0 ");
        try (var database = dev.steward.store.Database.postgres(url)) {
            int keys = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM subject_key WHERE "
                    + "subject_id = :s AND key_class = 'default'").bind("s", subject).mapTo(Integer.class).one());
            assertThat(keys).as("the subject's key, back with the backup, is destroyed again").isZero();
        }
    }

    @Test
    void aBackupIsNotRestoredIntoADatabaseWhoseJournalDoesNotHoldItsLaterErasures() throws Exception {
        List<Api> apis = start(1);
        RequestApiTest.subject(apis.get(0), "tina@example.com", "EEA");
        Path elsewhere = dir.resolve("operator");
        nodes.writeMasterKeyFile(elsewhere.resolve("keys"));
        Path backup = dir.resolve("one.zip");
        assertThat(cli("backup", "create", "--out", backup.toString(), "--db", url, "--data", elsewhere.toString())
                .code()).isZero();
        nodes.close();
        String other = TestDatabases.freshPostgresUrl();
        Nodes second = new Nodes(dir.resolve("other"), other, 1);
        second.close();
        second.writeMasterKeyFile(dir.resolve("other/node0/keys"));

        Cli refused = cli("backup", "restore", backup.toString(), "--db", other, "--data", dir.resolve("other/node0")
                .toString());
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("erasure journal").contains("was not changed");
        try (var database = dev.steward.store.Database.postgres(other)) {
            int subjects = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM subject")
                    .mapTo(Integer.class).one());
            assertThat(subjects).as("nothing restored").isZero();
        }
    }

    @Test
    void mailQueuedOnOneNodeIsDeliveredOnceAndAnErasureTakesItBack() throws Exception {
        List<Api> apis = start(2);
        Api a = apis.get(0);
        Api b = apis.get(1);
        String subject = RequestApiTest.subject(a, "sara@example.com", "EEA");
        String access = RequestApiTest.submit(a, "access", "sara@example.com", "EEA", "");
        assertThat(a.code("sara@example.com")).as("the sender hands its mail over at once").isNotBlank();
        try (var database = dev.steward.store.Database.postgres(url)) {
            int queued = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM "
                    + database.keepSchema() + ".outbox_message").mapTo(Integer.class).one());
            assertThat(queued).as("nothing left queued").isZero();
        }
        assertThat(outboxFiles(b)).as("delivered by one node only").isEmpty();
        // the erasure through B removes the code A delivered
        String erase = RequestApiTest.submit(b, "erase", "sara@example.com", "EEA", "");
        b.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\"" + b.code("sara@example.com") + "\"}", 200);
        within(() -> outboxFiles(a).isEmpty());
        assertThat(access).isNotBlank();
        assertThat(subject).isNotBlank();
    }

    private static List<Path> outboxFiles(Api node) throws java.io.IOException {
        Path outbox = node.data().resolve("outbox");
        if (!java.nio.file.Files.isDirectory(outbox)) {
            return List.of();
        }
        try (var files = java.nio.file.Files.list(outbox)) {
            return files.filter(file -> file.toString().endsWith(".eml")).toList();
        }
    }

    record Cli(int code, String out, String err) { }

    private static Cli cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = dev.steward.cli.StewardCommand.run(args, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
        return new Cli(code, out.toString(), err.toString());
    }

    private List<String> keyClasses(List<String> records) {
        try (var database = dev.steward.store.Database.postgres(url)) {
            return database.jdbi().withHandle(handle -> handle.createQuery("SELECT key_class FROM personal_record "
                    + "WHERE id IN (<ids>)").bindList("ids", records).mapTo(String.class).list());
        }
    }
}
