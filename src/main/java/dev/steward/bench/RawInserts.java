package dev.steward.bench;

import dev.steward.store.Database;
import java.security.SecureRandom;

/** The baseline: plain inserts of a record-sized row into the same SQLite file, N rows per commit. */
final class RawInserts {
    private RawInserts() { }

    static double rowsPerSecond(Database database, int rowsPerCommit, long millis) {
        database.jdbi().useHandle(handle -> handle.execute("CREATE TABLE IF NOT EXISTS bench_raw (subject_id TEXT NOT "
                + "NULL, id TEXT NOT NULL, category TEXT NOT NULL, value_ct BLOB NOT NULL, PRIMARY KEY (subject_id, id))"));
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
