package dev.steward.bench;

import dev.steward.audit.AuditLog;
import dev.steward.crypto.KeyRing;
import dev.steward.decision.DecisionEngine;
import dev.steward.decision.SubjectStates;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.Policy;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.Source;
import dev.steward.store.Database;
import dev.steward.vault.IdentityKind;
import dev.steward.vault.NewRecord;
import dev.steward.vault.NewSubject;
import dev.steward.vault.ErasureJournal;
import dev.steward.vault.LegalHolds;
import dev.steward.vault.Records;
import dev.steward.vault.Subjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Acknowledged, durable record writes per second through the vault (encryption, policy checks, audit
 * entry, group commit) under concurrent clients, against raw inserts into the same SQLite file with
 * {@code synchronous=FULL} in the same run: one row per commit and 100 rows per commit. Each figure
 * is the median of several rounds.
 */
public final class VaultWriteBench {
    private final Policy policy;
    private final int clients;
    private final int rounds;
    private final long roundMillis;

    public VaultWriteBench(Policy policy, int clients, int rounds, long roundMillis) {
        this.policy = policy;
        this.clients = clients;
        this.rounds = rounds;
        this.roundMillis = roundMillis;
    }

    public Map<String, Object> run() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("steward-bench");
        try {
            Database database = Database.embedded(dir);
            double[] raw1 = new double[rounds];
            double[] raw100 = new double[rounds];
            double[] vault = new double[rounds];
            Database grouped = Database.embedded(dir).withGroupCommit(512);
            Vault fixture = new Vault(grouped, dir, policy);
            for (int round = 0; round < rounds; round++) {
                raw1[round] = RawInserts.rowsPerSecond(database, 1, roundMillis);
                raw100[round] = RawInserts.rowsPerSecond(database, 100, roundMillis);
                vault[round] = fixture.writesPerSecond(clients, roundMillis);
            }
            grouped.close();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", "vault-writes");
            result.put("clients", clients);
            result.put("rounds", rounds);
            result.put("round_seconds", roundMillis / 1000.0);
            result.put("vault_rows_per_s", Math.round(Figures.median(vault)));
            result.put("baseline_raw_1_per_commit_rows_per_s", Math.round(Figures.median(raw1)));
            result.put("baseline_raw_100_per_commit_rows_per_s", Math.round(Figures.median(raw100)));
            result.put("ratio_vault_to_raw_100", Figures.round(Figures.median(vault) / Figures.median(raw100)));
            result.put("ratio_vault_to_raw_1", Figures.round(Figures.median(vault) / Figures.median(raw1)));
            result.put("durability", "synchronous=FULL, WAL; a write is acknowledged only after its commit");
            return result;
        } finally {
            TempDirs.deleteTree(dir);
        }
    }

    /**
     * On PostgreSQL: {@code nodes} Steward nodes (each its own pool and group committer, as {@code serve} has)
     * writing to one database, the clients spread over them, against pgbench-style raw inserts by as many
     * clients (one row per transaction, each client on its own connection) in the same run.
     */
    public Map<String, Object> runOnPostgres(String url, int nodes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("steward-bench-pg");
        List<Database> opened = new ArrayList<>();
        try {
            Database raw = Database.postgres(url, null, clients + 2);
            opened.add(raw);
            List<Vault> vaults = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                Database node = Database.postgres(url, null, 10).withGroupCommit(512);
                opened.add(node);
                vaults.add(new Vault(node, dir, policy));
            }
            double[] baseline = new double[rounds];
            double[] vault = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                baseline[round] = RawInserts.concurrentRowsPerSecond(raw, clients, roundMillis);
                vault[round] = Vault.writesPerSecond(vaults, clients, roundMillis);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", "vault-writes");
            result.put("database", "postgresql");
            result.put("nodes", nodes);
            result.put("clients", clients);
            result.put("rounds", rounds);
            result.put("round_seconds", roundMillis / 1000.0);
            result.put("vault_rows_per_s", Math.round(Figures.median(vault)));
            result.put("baseline_raw_1_per_commit_concurrent_rows_per_s", Math.round(Figures.median(baseline)));
            result.put("ratio_vault_to_raw", Figures.round(Figures.median(vault) / Figures.median(baseline)));
            result.put("durability", "synchronous_commit=on; a write is acknowledged only after its commit");
            return result;
        } finally {
            opened.forEach(Database::close);
            TempDirs.deleteTree(dir);
        }
    }


    /** The vault under test, with subjects to write for. */
    private static final class Vault {
        private final Records records;
        private final List<String> subjects = new ArrayList<>();

        Vault(Database database, Path dir, Policy policy) {
            Clock clock = Clock.systemUTC();
            KeyRing keys = KeyRing.open(database, dir.resolve("keys"), Optional.empty(), clock);
            AuditLog audit = new AuditLog(database, clock);
            Subjects subjectStore = new Subjects(database, keys, audit, () -> policy, clock);
            this.records = new Records(database, keys, audit, () -> policy, new DecisionEngine(() -> policy,
                    new SubjectStates(database, keys, () -> policy.meta().version()), clock), subjectStore,
                    new LegalHolds(database, keys, audit, new dev.steward.vault.FileJournal(dir.resolve("erasure-journal.log")),
                            () -> policy, clock, dev.steward.changes.ChangeLog.of(database, clock)),
                    clock);
            for (int i = 0; i < 256; i++) {
                subjects.add(subjectStore.create("bench", new NewSubject(Map.of(IdentityKind.ACCOUNT_ID, "bench-" + i
                        + "-" + new SecureRandom().nextInt()), Jurisdiction.of("EEA"), null, null, true)));
            }
        }

        double writesPerSecond(int clients, long millis) throws InterruptedException {
            return writesPerSecond(List.of(this), clients, millis);
        }

        /** Client {@code c} writes through {@code vaults[c % n]}, for one subject of that vault. */
        static double writesPerSecond(List<Vault> vaults, int clients, long millis) throws InterruptedException {
            LongAdder written = new LongAdder();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch finished = new CountDownLatch(clients);
            NewRecord record = new NewRecord(CategoryKey.of("usage.clickstream"),
                    "/docs/getting-started?ref=newsletter&step=3", Source.AUTOMATIC, List.of(PurposeKey.of("improve")));
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                Vault vault = vaults.get(c % vaults.size());
                String subject = vault.subjects.get((c / vaults.size()) % vault.subjects.size());
                Records records = vault.records;
                Thread client = new Thread(() -> {
                    while (!stop.get()) {
                        records.add("bench", subject, record);
                        written.increment();
                    }
                    finished.countDown();
                }, "bench-client-" + c);
                client.start();
            }
            Thread.sleep(millis);
            stop.set(true);
            finished.await();
            double seconds = (System.nanoTime() - start) / 1e9;
            return written.sum() / seconds;
        }
    }
}
