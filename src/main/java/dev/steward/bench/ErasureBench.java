package dev.steward.bench;

import dev.steward.audit.AuditLog;
import dev.steward.crypto.KeyRing;
import dev.steward.policy.Policy;
import dev.steward.retention.Deletion;
import dev.steward.retention.RetentionSweep;
import dev.steward.store.Database;
import dev.steward.vault.Erasure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deletion cost. Part one: erasing one subject with 10 records against one with 10,000 (p50 over a
 * sample of each). Part two: one retention sweep over closed accounts holding N expired records in
 * all, against the same run's baseline — the same rows deleted with plain SQL, one transaction per
 * subject, without keys, journal or audit.
 */
public final class ErasureBench {
    private static final java.time.Instant LOADED = java.time.Instant.parse("2025-01-01T00:00:00Z");
    private final Policy policy;
    private final int samples;
    private final int sweepSubjects;
    private final int recordsPerSweepSubject;
    private final java.util.concurrent.atomic.AtomicLong loaded = new java.util.concurrent.atomic.AtomicLong();

    private final String databaseUrl;

    /** {@code databaseUrl}: an empty PostgreSQL database to run on, or "" for a temporary SQLite file. */
    public ErasureBench(Policy policy, int samples, int sweepSubjects, int recordsPerSweepSubject, String databaseUrl) {
        this.databaseUrl = databaseUrl;
        this.policy = policy;
        this.samples = samples;
        this.sweepSubjects = sweepSubjects;
        this.recordsPerSweepSubject = recordsPerSweepSubject;
    }

    /** Subjects written so far, for progress lines. */
    public long loaded() {
        return loaded.get();
    }

    public Map<String, Object> run() throws Exception {
        Path dir = Files.createTempDirectory("steward-erasure-bench");
        try {
            Clock clock = Clock.systemUTC();
            Database database = databaseUrl.isEmpty() ? Database.embedded(dir) : Database.postgres(databaseUrl);
            KeyRing keys = KeyRing.open(database, dir.resolve("keys"), Optional.empty(), clock);
            AuditLog audit = new AuditLog(database, clock);
            var journal = dev.steward.vault.ErasureJournal.open(database, dir.resolve("erasure-journal.log"),
                    clock.instant());
            Deletion deletion = Deletion.over(database, keys, audit, journal, () -> policy, clock,
                    dev.steward.changes.ChangeLog.of(database, clock),
                    new dev.steward.vault.Subjects(database, keys, audit, () -> policy, clock), java.util.List.of());
            Erasure erasure = deletion.erasure();
            load(database, keys, "small", samples, 10, "active");
            load(database, keys, "large", samples, 10_000, "active");
            double[] small = new double[samples];
            double[] large = new double[samples];
            for (int i = 0; i < samples; i++) {
                int n = i;
                small[i] = timeMillis(() -> erasure.erase("bench", "sub_small_" + n));
                large[i] = timeMillis(() -> erasure.erase("bench", "sub_large_" + n));
            }

            load(database, keys, "closed", sweepSubjects, recordsPerSweepSubject, "closed");
            load(database, keys, "raw", sweepSubjects, recordsPerSweepSubject, "active");
            RetentionSweep sweep = deletion.sweep();
            long sweepStart = System.nanoTime();
            RetentionSweep.Report report = sweep.run("bench", false);
            double sweepSeconds = (System.nanoTime() - sweepStart) / 1e9;
            if (report.subjectsPurged() != sweepSubjects) {
                throw new IllegalStateException("the sweep purged " + report.subjectsPurged());
            }
            long rawStart = System.nanoTime();
            for (int i = 0; i < sweepSubjects; i++) {
                String subject = "sub_raw_" + i;
                database.write(handle -> handle.createUpdate("DELETE FROM personal_record WHERE subject_id = :s")
                        .bind("s", subject).execute());
            }
            double rawSeconds = (System.nanoTime() - rawStart) / 1e9;
            // the same deletes, as many subjects per transaction as the sweep purges together
            load(database, keys, "rawbatch", sweepSubjects, recordsPerSweepSubject, "active");
            long batchedStart = System.nanoTime();
            for (int from = 0; from < sweepSubjects; from += 2000) {
                List<String> batch = new java.util.ArrayList<>();
                for (int i = from; i < Math.min(sweepSubjects, from + 2000); i++) {
                    batch.add("sub_rawbatch_" + i);
                }
                database.write(handle -> handle.createUpdate("DELETE FROM personal_record WHERE subject_id IN (<s>)")
                        .bindList("s", batch).execute());
            }
            double batchedSeconds = (System.nanoTime() - batchedStart) / 1e9;
            long records = (long) sweepSubjects * recordsPerSweepSubject;

            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", "erasure");
            result.put("samples", samples);
            result.put("erase_10_records_p50_ms", Figures.round(AccessBench.percentile(small, 50)));
            result.put("erase_10000_records_p50_ms", Figures.round(AccessBench.percentile(large, 50)));
            result.put("erase_ratio_10000_to_10", Figures.round(AccessBench.percentile(large, 50)
                    / AccessBench.percentile(small, 50)));
            result.put("sweep_records", records);
            result.put("sweep_seconds", Figures.round(sweepSeconds));
            result.put("sweep_records_per_second", Math.round(records / sweepSeconds));
            result.put("baseline_raw_delete_records_per_second", Math.round(records / rawSeconds));
            result.put("sweep_to_baseline", Figures.round(rawSeconds / sweepSeconds));
            result.put("baseline_raw_delete_2000_subjects_per_commit_records_per_second", Math.round(records / batchedSeconds));
            result.put("sweep_to_batched_baseline", Figures.round(batchedSeconds / sweepSeconds));
            result.put("database", database.isPostgres() ? "postgresql" : "sqlite");
            return result;
        } finally {
            TempDirs.deleteTree(dir);
        }
    }

    /** Subjects {@code sub_<prefix>_<i>}, each with {@code records} encrypted records under the default key. */
    private void load(Database database, KeyRing keys, String prefix, int count, int records, String status) {
        String version = policy.meta().version();
        int batch = Math.max(1, 20_000 / records);
        for (int start = 0; start < count; start += batch) {
            int from = start;
            int to = Math.min(count, start + batch);
            database.jdbi().useTransaction(handle -> {
                var subjects = handle.prepareBatch("INSERT INTO subject (id, jurisdiction, customer, status, "
                        + "policy_version, created_at, closed_at) VALUES (:id, 'EEA', true, :st, :v, :loaded, "
                        + ":closed)");
                for (int i = from; i < to; i++) {
                    subjects.bind("id", "sub_" + prefix + "_" + i).bind("st", status).bind("v", version)
                            .bind("closed", status.equals("closed") ? LOADED : null).bind("loaded", LOADED).add();
                }
                subjects.execute();
                var rows = handle.prepareBatch("INSERT INTO personal_record (subject_id, id, category, key_class, "
                        + "value_ct, source, purposes, jurisdiction, collected_at, policy_version, version, updated_at) "
                        + "VALUES (:s, :id, 'usage.clickstream', 'default', :v, 'automatic', 'improve', 'EEA', "
                        + ":loaded, :pv, 1, :loaded)");
                for (int i = from; i < to; i++) {
                    String subject = "sub_" + prefix + "_" + i;
                    for (int r = 0; r < records; r++) {
                        String id = "rec_" + prefix + "_" + i + "_" + r;
                        rows.bind("s", subject).bind("id", id).bind("v", keys.encrypt(handle, subject, "default",
                                ("/page/" + r).getBytes(StandardCharsets.UTF_8), "record/" + id + "/usage.clickstream"))
                                .bind("pv", version).bind("loaded", LOADED).add();
                    }
                }
                rows.execute();
            });
            for (int i = from; i < to; i++) {
                keys.evict("sub_" + prefix + "_" + i);
            }
            loaded.addAndGet(to - from);
        }
    }

    private static double timeMillis(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

}
