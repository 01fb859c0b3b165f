package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With group commit on SQLite the writer leaves checkpoints to a thread of its own; under writes that
 * never pause the write-ahead log must still be copied back and started again, not grow with every
 * write until the load stops.
 */
class CheckpointerTest {
    @TempDir
    Path dir;

    @Test
    void theWriteAheadLogStaysSmallUnderWritesThatNeverPause() throws Exception {
        // a low threshold and short rounds, so that a short test writes many times over what the log may
        // hold, whatever the disk's speed (the log grows by what is written between two rounds)
        Database database = Database.embedded(dir).withGroupCommit(64, 1_000, 5);
        try {
            database.jdbi().useHandle(handle -> handle.execute("CREATE TABLE bulk (id INTEGER PRIMARY KEY, v BLOB)"));
            byte[] value = new byte[1024];
            new java.util.Random(7).nextBytes(value);
            Path wal = dir.resolve("steward.db-wal");
            long largest = 0;
            int batches = 1_600;
            for (int b = 0; b < batches; b++) {
                database.write(handle -> {
                    var insert = handle.prepareBatch("INSERT INTO bulk (v) VALUES (:v)");
                    for (int i = 0; i < 100; i++) {
                        insert.bind("v", value).add();
                    }
                    return insert.execute();
                });
                if (Files.exists(wal)) {
                    largest = Math.max(largest, Files.size(wal));
                }
            }
            long written = (long) batches * 100 * value.length;
            long rows = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM bulk")
                    .mapTo(Long.class).one());
            assertThat(rows).isEqualTo(batches * 100L);
            assertThat(largest).as("largest log against %d bytes written", written).isLessThan(written / 4);
        } finally {
            database.close();
        }
    }
}
