package dev.steward.bench;

import dev.steward.audit.AuditLog;
import dev.steward.connect.Connector;
import dev.steward.connect.Dataset;
import dev.steward.connect.JdbcConnector;
import dev.steward.consent.Choices;
import dev.steward.crypto.KeyRing;
import dev.steward.decision.DecisionEngine;
import dev.steward.decision.SubjectStates;
import dev.steward.dsr.DsrRequest;
import dev.steward.dsr.Exports;
import dev.steward.dsr.Fulfilment;
import dev.steward.dsr.RequestQueue;
import dev.steward.dsr.RequestStatus;
import dev.steward.dsr.RequestType;
import dev.steward.dsr.Requests;
import dev.steward.policy.Policy;
import dev.steward.retention.Deletion;
import dev.steward.store.Database;
import dev.steward.vault.Erasure;
import dev.steward.vault.Records;
import dev.steward.vault.Subjects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Access-request fulfilment at scale: N subjects with about 20 encrypted records each in the vault and
 * two external SQLite stores (a shop and a CRM) holding each person too. For a sample of subjects the
 * full fulfilment runs (vault export with decryption, both stores read, the zip built); p50 and p99 are
 * reported beside the same run's baseline: reading the same subject's rows without decrypting them.
 */
public final class AccessBench {
    private static final java.time.Instant LOADED = java.time.Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> CATEGORIES = List.of("contact.name", "contact.phone", "contact.address",
            "usage.clickstream", "commerce.history", "device.info", "network.ip", "cookie.identifier");
    private final Policy policy;
    private final int subjects;
    private final int samples;
    private final java.util.concurrent.atomic.AtomicLong loaded = new java.util.concurrent.atomic.AtomicLong();

    public AccessBench(Policy policy, int subjects, int samples) {
        this.policy = policy;
        this.subjects = subjects;
        this.samples = samples;
    }

    /** Subjects written so far, in the vault and in each external store, for progress lines. */
    public long loaded() {
        return loaded.get();
    }

    public Map<String, Object> run() throws Exception {
        Path dir = Files.createTempDirectory("steward-access-bench");
        try {
            Clock clock = Clock.systemUTC();
            Database database = Database.embedded(dir);
            KeyRing keys = KeyRing.open(database, dir.resolve("keys"), Optional.empty(), clock);
            AuditLog audit = new AuditLog(database, clock);
            long loadStart = System.nanoTime();
            List<String> ids = BulkLoad.vault(database, keys, subjects, CATEGORIES, policy.meta().version(), loaded);
            String shop = "jdbc:sqlite:" + dir.resolve("shop.db");
            String crm = "jdbc:sqlite:" + dir.resolve("crm.db");
            BulkLoad.store(shop, subjects, loaded);
            BulkLoad.store(crm, subjects, loaded);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            Subjects subjectStore = new Subjects(database, keys, audit, () -> policy, clock);
            SubjectStates states = new SubjectStates(database, keys, () -> policy.meta().version());
            DecisionEngine engine = new DecisionEngine(() -> policy, states, clock);
            List<Connector> connectors = List.of(new JdbcConnector(dataset("shop", shop)),
                    new JdbcConnector(dataset("crm", crm)));
            dev.steward.changes.ChangeLog changes = dev.steward.changes.ChangeLog.invalidating(database, clock,
                    states::invalidate);
            var journal = dev.steward.vault.ErasureJournal.open(database, dir.resolve("erasure-journal.log"),
                    clock.instant());
            Deletion deletion = Deletion.over(database, keys, audit, journal, () -> policy, clock, changes, subjectStore,
                    connectors);
            Records records = new Records(database, keys, audit, () -> policy, engine, subjectStore, deletion.holds(),
                    clock);
            Choices choices = new Choices(database, audit, () -> policy, clock, changes);
            Erasure erasure = deletion.erasure();
            Fulfilment fulfilment = new Fulfilment(database, keys, records, choices, deletion.deleter(),
                    () -> policy, subjectStore, connectors);
            RequestQueue queue = new RequestQueue(database, audit, () -> policy, clock);
            Requests requests = new Requests(database, queue, audit, subjectStore, fulfilment, null, () -> policy,
                    clock);
            Exports exports = new Exports(requests, records, () -> policy, fulfilment,
                    new dev.steward.sharing.Disclosures(database, engine, states, audit, () -> policy, clock));
            Random random = new Random(11);
            double[] fulfil = new double[samples];
            double[] raw = new double[samples];
            for (int i = 0; i < samples; i++) {
                String subject = ids.get(random.nextInt(ids.size()));
                DsrRequest request = new DsrRequest("req_bench_" + i, subject, RequestType.ACCESS, "EEA", "en",
                        RequestStatus.COMPLETED, clock.instant().toString(), clock.instant().toString(), null, null,
                        null, Map.of(), null, false);
                long start = System.nanoTime();
                Fulfilment.Outcome outcome = fulfilment.fulfil("bench", request, Map.of());
                byte[] zip = exports.zip("bench", request);
                fulfil[i] = (System.nanoTime() - start) / 1e6;
                if (zip.length == 0 || outcome.status() != RequestStatus.COMPLETED) {
                    throw new IllegalStateException("fulfilment failed");
                }
                long rawStart = System.nanoTime();
                database.jdbi().withHandle(handle -> handle.createQuery("SELECT value_ct FROM personal_record WHERE "
                        + "subject_id = :s").bind("s", subject).mapTo(byte[].class).list());
                raw[i] = (System.nanoTime() - rawStart) / 1e6;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", "access");
            result.put("subjects", subjects);
            result.put("records_per_subject", CATEGORIES.size() * 2 + 4);
            result.put("external_stores", 2);
            result.put("samples", samples);
            result.put("load_seconds", Math.round(loadSeconds));
            result.put("fulfilment_p50_ms", Figures.round(percentile(fulfil, 50)));
            result.put("fulfilment_p99_ms", Figures.round(percentile(fulfil, 99)));
            result.put("baseline_raw_read_p50_ms", Figures.round(percentile(raw, 50)));
            result.put("baseline_raw_read_p99_ms", Figures.round(percentile(raw, 99)));
            return result;
        } finally {
            TempDirs.deleteTree(dir);
        }
    }

    private Dataset dataset(String name, String url) {
        return new Dataset(name, url, "people", "email", "email", Map.of(
                "people", new Dataset.Table("people", "id", "", Map.of("email", "contact.email", "name", "contact.name"),
                        "delete", ""),
                "events", new Dataset.Table("events", "id", "person_id", Map.of("detail", "usage.clickstream"),
                        "delete", "")));
    }

    static double percentile(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }


    /** Loads many subjects quickly through the same encryption and rows the vault writes. */
    static final class BulkLoad {
        private BulkLoad() { }

        static List<String> vault(Database database, KeyRing keys, int count, List<String> categories, String version,
                java.util.concurrent.atomic.AtomicLong loaded) {
            List<String> ids = new ArrayList<>(count);
            int batch = 2_000;
            for (int start = 0; start < count; start += batch) {
                int from = start;
                int to = Math.min(count, start + batch);
                database.jdbi().useTransaction(handle -> {
                    var subjects = handle.prepareBatch("INSERT INTO subject (id, jurisdiction, customer, status, "
                            + "policy_version, created_at) VALUES (:id, 'EEA', true, 'active', :v, :loaded)");
                    for (int i = from; i < to; i++) {
                        subjects.bind("id", "sub_bench_" + i).bind("v", version).bind("loaded", LOADED).add();
                    }
                    subjects.execute();
                    var identities = handle.prepareBatch("INSERT INTO identity (subject_id, kind, blind_index, "
                            + "value_ct, created_at) VALUES (:s, 'email', :i, :v, :loaded)");
                    var records = handle.prepareBatch("INSERT INTO personal_record (subject_id, id, category, key_class, "
                            + "value_ct, source, purposes, jurisdiction, collected_at, policy_version, version, updated_at) "
                            + "VALUES (:s, :id, :c, 'default', :v, 'provided', 'provide', 'EEA', :loaded, :pv, 1, "
                            + ":loaded)");
                    for (int i = from; i < to; i++) {
                        String subject = "sub_bench_" + i;
                        String email = "person" + i + "@example.com";
                        identities.bind("s", subject).bind("i", keys.blindIndex("email", email)).bind("v", keys.encrypt(
                                handle, subject, "default", email.getBytes(StandardCharsets.UTF_8), "identity/email"))
                                .bind("loaded", LOADED).add();
                        int n = 0;
                        for (int round = 0; round < 2; round++) {
                            for (String category : categories) {
                                String id = "rec_" + i + "_" + n++;
                                records.bind("s", subject).bind("id", id).bind("c", category).bind("v", keys.encrypt(
                                        handle, subject, "default", ("value " + id).getBytes(StandardCharsets.UTF_8),
                                        "record/" + id + "/" + category)).bind("pv", version).bind("loaded", LOADED).add();
                            }
                        }
                        for (String extra : List.of("contact.email", "payment.card", "billing.invoice", "content")) {
                            String id = "rec_" + i + "_" + n++;
                            String value = extra.equals("payment.card")
                                    ? "{\"token\":\"tok_" + id + "\",\"masked\":\"411111******1111\"}" : "value " + id;
                            records.bind("s", subject).bind("id", id).bind("c", extra).bind("v", keys.encrypt(handle,
                                    subject, "default", value.getBytes(StandardCharsets.UTF_8), "record/" + id
                                    + "/" + extra)).bind("pv", version).bind("loaded", LOADED).add();
                        }
                        ids.add(subject);
                    }
                    identities.execute();
                    records.execute();
                });
                for (int i = from; i < to; i++) {
                    keys.evict("sub_bench_" + i);
                }
                loaded.addAndGet(to - from);
            }
            return ids;
        }

        static void store(String url, int count, java.util.concurrent.atomic.AtomicLong loaded) throws Exception {
            try (Connection connection = DriverManager.getConnection(url)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, name TEXT)");
                    // Identity columns are matched case-insensitively (LOWER(email) = ?); an expression index serves that.
                    statement.execute("CREATE INDEX people_email ON people (lower(email))");
                    statement.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, person_id INTEGER, detail TEXT)");
                    statement.execute("CREATE INDEX events_person ON events (person_id)");
                }
                connection.setAutoCommit(false);
                try (PreparedStatement people = connection.prepareStatement("INSERT INTO people VALUES (?, ?, ?)");
                     PreparedStatement events = connection.prepareStatement("INSERT INTO events (person_id, detail) "
                             + "VALUES (?, ?)")) {
                    for (int i = 0; i < count; i++) {
                        people.setInt(1, i);
                        people.setString(2, "person" + i + "@example.com");
                        people.setString(3, "Person " + i);
                        people.addBatch();
                        for (int e = 0; e < 2; e++) {
                            events.setInt(1, i);
                            events.setString(2, "/page/" + e);
                            events.addBatch();
                        }
                        if (i % 10_000 == 9_999) {
                            people.executeBatch();
                            events.executeBatch();
                            loaded.addAndGet(10_000);
                        }
                    }
                    people.executeBatch();
                    events.executeBatch();
                    loaded.addAndGet(count % 10_000);
                }
                connection.commit();
            }
        }
    }
}
