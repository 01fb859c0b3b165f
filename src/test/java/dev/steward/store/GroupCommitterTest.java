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

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void theWriterSurvivesAnErrorAndLaterWritesStillCommit(TestDatabases kind) {
        Database database = kind.open(dir).withGroupCommit(8);
        try {
            database.jdbi().useHandle(handle -> handle.execute("CREATE TABLE gc_error (id INTEGER PRIMARY KEY)"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> database.write(handle -> {
                handle.execute("INSERT INTO gc_error (id) VALUES (1)");
                throw new StackOverflowError("simulated");
            })).isInstanceOf(IllegalStateException.class);
            int inserted = database.write(handle -> handle.execute("INSERT INTO gc_error (id) VALUES (2)"));
            assertThat(inserted).isEqualTo(1);
            List<Integer> ids = database.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM gc_error")
                    .mapTo(Integer.class).list());
            assertThat(ids).containsExactly(2);
        } finally {
            database.close();
        }
    }

    /** What a write asks to happen after commit happens once if it commits, never if it is rolled back. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void afterCommitActionsRunOnceForCommittedWritesOnly(TestDatabases kind) throws Exception {
        Database database = kind.open(dir).withGroupCommit(64);
        database.jdbi().useHandle(handle -> handle.execute("CREATE TABLE gc_after (id INTEGER PRIMARY KEY)"));
        java.util.Map<Integer, java.util.concurrent.atomic.AtomicInteger> runs =
                new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> writes = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                int n = i;
                writes.add(pool.submit(() -> database.write(handle -> {
                    TransactionState.afterCommit(handle, () -> runs.computeIfAbsent(n,
                            key -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet());
                    handle.createUpdate("INSERT INTO gc_after (id) VALUES (:id)").bind("id", n % 7 == 0 ? 0 : n)
                            .execute();
                    return n;
                })));
            }
            java.util.Set<Integer> acknowledged = new java.util.HashSet<>();
            for (Future<Integer> write : writes) {
                try {
                    int n = write.get();
                    acknowledged.add(n);
                    assertThat(runs.get(n)).as("action of write %d ran before it returned", n).isNotNull();
                } catch (java.util.concurrent.ExecutionException e) {
                    // a duplicate id 0
                }
            }
            assertThat(runs.keySet()).isEqualTo(acknowledged);
            assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        } finally {
            pool.shutdown();
            database.close();
        }
    }
}
