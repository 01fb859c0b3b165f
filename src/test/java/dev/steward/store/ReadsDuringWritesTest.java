package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads on their own connections while the group committer writes: none fails with SQLITE_BUSY. */
class ReadsDuringWritesTest {
    private static final int ITERATIONS = Integer.getInteger("steward.rw.iterations", 300);

    @TempDir
    Path dir;

    @Test
    void readsNeverFailWhileWritesCommit() throws Exception {
        Database database = Database.embedded(dir).withGroupCommit(64);
        database.write(handle -> handle.execute("CREATE TABLE rw_test (id INTEGER PRIMARY KEY, v TEXT)"));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> work = new ArrayList<>();
        try {
            for (int t = 0; t < 16; t++) {
                boolean writer = t % 2 == 0;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < ITERATIONS; i++) {
                        if (writer) {
                            int id = next.incrementAndGet();
                            database.write(handle -> handle.createUpdate("INSERT INTO rw_test (id, v) VALUES (:id, "
                                    + "'x')").bind("id", id).execute());
                        } else {
                            database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM rw_test")
                                    .mapTo(Long.class).one());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> each : work) {
                each.get();
            }
        } finally {
            pool.shutdown();
            database.close();
        }
        long rows = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM rw_test")
                .mapTo(Long.class).one());
        assertThat(rows).isEqualTo(8L * ITERATIONS);
    }

    /**
     * Another process writing the same file (a CLI verb beside serve) while the group committer's writes
     * read before they write: no write fails with SQLITE_BUSY, none waits forever.
     */
    @Test
    void writesOfAnotherProcessNeverMakeAWriteFail() throws Exception {
        Database server = Database.embedded(dir).withGroupCommit(64);
        Database other = Database.embedded(dir);
        server.write(handle -> handle.execute("CREATE TABLE rw_other (id INTEGER PRIMARY KEY, n INTEGER)"));
        ExecutorService pool = Executors.newFixedThreadPool(9);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> work = new ArrayList<>();
        try {
            for (int t = 0; t < 9; t++) {
                Database target = t == 0 ? other : server;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < ITERATIONS / 3; i++) {
                        int id = next.incrementAndGet();
                        target.write(handle -> {
                            long seen = handle.createQuery("SELECT COUNT(*) FROM rw_other").mapTo(Long.class).one();
                            return handle.createUpdate("INSERT INTO rw_other (id, n) VALUES (:id, :n)").bind("id", id)
                                    .bind("n", seen).execute();
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> each : work) {
                each.get();
            }
        } finally {
            pool.shutdown();
            server.close();
        }
        long rows = other.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM rw_other")
                .mapTo(Long.class).one());
        assertThat(rows).isEqualTo(9L * (ITERATIONS / 3));
    }
}
