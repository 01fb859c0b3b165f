package dev.steward.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.dsr.RequestApiTest.MovableClock;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.store.Database;
import dev.steward.store.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One holder at a time, on both databases; an expired lease (a holder that died) is taken over. */
class LeasesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void oneHolderAtATimeAndADeadHoldersLeaseIsTakenOver(TestDatabases kind) {
        try (Database database = kind.open(dir)) {
            MovableClock clock = new MovableClock();
            Leases node1 = new Leases(database, clock, Duration.ofSeconds(30));
            Leases node2 = new Leases(database, clock, Duration.ofSeconds(30));
            Leases.Lease held = node1.acquire("retention").orElseThrow();
            assertThat(node2.acquire("retention")).as("held by node 1").isEmpty();
            assertThat(node1.acquire("retention")).as("a second run on the same node is excluded too").isEmpty();
            assertThat(node2.acquire("compaction")).as("another job is free").isPresent();

            clock.advance(Duration.ofSeconds(20));
            assertThat(node1.renew(held)).isTrue();
            clock.advance(Duration.ofSeconds(20));
            assertThat(node2.acquire("retention")).as("renewed: still held").isEmpty();

            clock.advance(Duration.ofSeconds(31)); // node 1 died: no renewal
            Leases.Lease takenOver = node2.acquire("retention").orElseThrow();
            assertThat(node1.renew(held)).as("the dead holder's lease is gone").isFalse();
            node1.release(held); // a late release by the old holder changes nothing
            assertThat(node1.acquire("retention")).isEmpty();
            node2.release(takenOver);
            assertThat(node1.acquire("retention")).as("released: free at once").isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void workStartedEverywhereAtOnceRunsOnce(TestDatabases kind) throws Exception {
        try (Database database = kind.open(dir)) {
            int nodes = 6;
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch inside = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(nodes);
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                Leases leases = new Leases(database, java.time.Clock.systemUTC());
                runs.add(pool.submit(() -> {
                    start.await();
                    try {
                        return leases.exclusively("retention", "retention sweep", () -> {
                            ran.incrementAndGet();
                            inside.countDown();
                            try {
                                Thread.sleep(500);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return 1;
                        });
                    } catch (StewardException e) {
                        assertThat(e.code()).isEqualTo(ErrorCode.JOB_RUNNING);
                        refused.incrementAndGet();
                        return 0;
                    }
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
            pool.shutdown();
            assertThat(ran.get()).isEqualTo(1);
            assertThat(refused.get()).isEqualTo(nodes - 1);
        }
    }
}
