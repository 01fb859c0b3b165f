package dev.steward.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.error.StewardException;
import dev.steward.policy.Jurisdiction;
import dev.steward.store.Database;
import dev.steward.store.TestDatabases;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Registrations that conflict in the same group-commit batch as valid ones: the batch is rolled back
 * and run again, and nothing of the rolled-back attempt (a data key, a cache entry) may survive it.
 */
class ConcurrentWritesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void everyAcknowledgedRegistrationStillDecryptsAfterARestart(TestDatabases kind) throws Exception {
        Database database = kind.open(dir).withGroupCommit(64);
        VaultFixture vault = new VaultFixture(database, dir);
        vault.subjects.create("test", new NewSubject(Map.of(IdentityKind.EMAIL, "taken@example.com"),
                Jurisdiction.of("KR"), LocalDate.of(1990, 1, 1), null, true));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String>> writes = new ArrayList<>();
        LocalDate child = LocalDate.now().minusYears(12);
        try {
            for (int i = 0; i < 320; i++) {
                String email = i % 2 == 0 ? "taken@example.com" : "child" + i + "@example.com";
                writes.add(pool.submit(() -> vault.subjects.create("test", new NewSubject(
                        Map.of(IdentityKind.EMAIL, email), Jurisdiction.of("KR"), child, null, true))));
            }
            List<String> acknowledged = new ArrayList<>();
            int conflicts = 0;
            for (Future<String> write : writes) {
                try {
                    acknowledged.add(write.get());
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(StewardException.class);
                    conflicts++;
                }
            }
            assertThat(conflicts).isEqualTo(160);
            assertThat(acknowledged).hasSize(160);
            database.close();

            VaultFixture restarted = new VaultFixture(kind == TestDatabases.SQLITE ? Database.embedded(dir)
                    .withGroupCommit(64) : database, dir);
            for (String id : acknowledged) {
                assertThat(restarted.states.get(id).birthDate()).as("birth date of an acknowledged subject")
                        .isEqualTo(child);
                assertThat(restarted.subjects.contactAddress(id)).isPresent();
            }
        } finally {
            pool.shutdown();
        }
    }
}
