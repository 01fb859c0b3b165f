package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GroupCommitterTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aFailingWriteRollsBackAloneWhileItsBatchCommits(TestDatabases kind) throws Exception {
        Database database = kind.open(dir).withGroupCommit(32);
        database.jdbi().useHandle(handle -> handle.execute("CREATE TABLE gc_test (id INTEGER PRIMARY KEY, v TEXT)"));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> writes = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                int n = i;
                writes.add(pool.submit(() -> database.write(handle -> {
                    handle.createUpdate("INSERT INTO gc_test (id, v) VALUES (:id, 'x')").bind("id", n).execute();
                    if (n % 10 == 0) {
                        handle.createUpdate("INSERT INTO gc_test (id, v) VALUES (:id, 'dup')").bind("id", n).execute();
                    }
                    return n;
                })));
            }
            int failed = 0;
            for (Future<Integer> write : writes) {
                try {
                    write.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                }
            }
            assertThat(failed).isEqualTo(20);
        } finally {
            pool.shutdown();
            database.close();
        }
        long rows = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM gc_test")
                .mapTo(Long.class).one());
        assertThat(rows).isEqualTo(180);
        long tens = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM gc_test WHERE "
                + "MOD(id, 10) = 0").mapTo(Long.class).one());
        assertThat(tens).isZero();
    }
}
