package dev.steward.bench;

import dev.steward.store.Database;
import java.security.SecureRandom;
import java.util.List;

/** The baseline: plain inserts of a record-sized row into the same SQLite file, N rows per commit. */
final class RawInserts {
    private RawInserts() { }

    private static void create(Database database) {
        database.jdbi().useHandle(handle -> handle.execute("CREATE TABLE IF NOT EXISTS bench_raw (subject_id TEXT NOT "
                + "NULL, id TEXT NOT NULL, category TEXT NOT NULL, value_ct " + (database.isPostgres() ? "BYTEA" : "BLOB")
                + " NOT NULL, PRIMARY KEY (subject_id, id))"));
    }

    /**
     * pgbench-style: {@code clients} threads, each on its own connection, inserting one record-sized row per
     * transaction (autocommit) for {@code millis}; rows per second for all of them.
     */
    static double concurrentRowsPerSecond(Database database, int clients, long millis) throws InterruptedException {
        create(database);
        byte[] payload = new byte[120];
        new SecureRandom().nextBytes(payload);
        java.util.concurrent.atomic.LongAdder rows = new java.util.concurrent.atomic.LongAdder();
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000;
        List<Thread> threads = new java.util.ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String subject = "sub_" + (c % 256);
            String prefix = "c" + c + "_" + System.nanoTime() + "_";
            Thread client = new Thread(() -> database.jdbi().useHandle(handle -> {
                for (long i = 0; System.nanoTime() < deadline; i++) {
                    handle.createUpdate("INSERT INTO bench_raw (subject_id, id, category, value_ct) VALUES (:s, :id, "
                            + "'usage.clickstream', :v)").bind("s", subject).bind("id", prefix + i).bind("v", payload)
                            .execute();
                    rows.increment();
                }
            }), "bench-raw-" + c);
            client.start();
            threads.add(client);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return rows.sum() / ((System.nanoTime() - start) / 1e9);
    }

    static double rowsPerSecond(Database database, int rowsPerCommit, long millis) {
        create(database);
        byte[] payload = new byte[120];
        new SecureRandom().nextBytes(payload);
        long rows = 0;
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            long base = rows;
            database.jdbi().useTransaction(handle -> {
                var batch = handle.prepareBatch("INSERT INTO bench_raw (subject_id, id, category, value_ct) VALUES "
                        + "(:s, :id, 'usage.clickstream', :v)");
                for (int i = 0; i < rowsPerCommit; i++) {
                    batch.bind("s", "sub_" + ((base + i) % 256)).bind("id", "r" + rowsPerCommit + "_" + base + "_" + i
                            + "_" + System.nanoTime()).bind("v", payload).add();
                }
                batch.execute();
            });
            rows += rowsPerCommit;
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }
}
