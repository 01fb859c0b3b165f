package dev.steward.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.policy.CategoryKey;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.Source;
import dev.steward.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction deletes the unreadable rows of subjects erased one at a time, and only looks at those
 * erased since the last compaction: a subject already compacted, or erased in a sweep batch (which
 * deletes its rows at once), is not visited again.
 */
class CompactionTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void compactionVisitsOnlySubjectsErasedAloneSinceTheLastOne(TestDatabases kind) {
        VaultFixture vault = new VaultFixture(kind, dir);
        Erasure erasure = new Erasure(vault.database, vault.keys, vault.audit, new FileJournal(dir.resolve("journal")),
                () -> VaultFixture.POLICY, Clock.systemUTC(), vault.changes);
        List<String> alone = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            alone.add(subjectWithRecords(vault, "alone" + i));
        }
        List<String> batch = List.of(subjectWithRecords(vault, "batch0"), subjectWithRecords(vault, "batch1"));
        String kept = subjectWithRecords(vault, "kept");

        assertThat(rows(vault, alone)).as("stored").isEqualTo(6);
        alone.forEach(id -> erasure.erase("test", id));
        assertThat(pending(vault)).as("each erased alone waits for compaction").containsExactlyInAnyOrderElementsOf(alone);
        assertThat(rows(vault, alone)).as("unreadable rows left until then").isEqualTo(6);

        erasure.eraseAll("test", batch);
        assertThat(rows(vault, batch)).as("a batch deletes its rows at once").isZero();
        assertThat(pending(vault)).as("and leaves nothing to compact").containsExactlyInAnyOrderElementsOf(alone);

        assertThat(erasure.compact()).isEqualTo(6);
        assertThat(rows(vault, alone)).isZero();
        assertThat(pending(vault)).as("compacted subjects are forgotten").isEmpty();
        assertThat(rows(vault, List.of(kept))).as("a subject not erased keeps everything").isEqualTo(2);

        // a later erasure alone is the only subject the next compaction visits
        erasure.erase("test", kept);
        assertThat(pending(vault)).containsExactly(kept);
        assertThat(erasure.compact()).isEqualTo(2);
        assertThat(erasure.compact()).isZero();
        assertThat(pending(vault)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aSubjectErasedAloneAndThenInABatchIsNotLeftPending(TestDatabases kind) {
        VaultFixture vault = new VaultFixture(kind, dir);
        Erasure erasure = new Erasure(vault.database, vault.keys, vault.audit, new FileJournal(dir.resolve("journal")),
                () -> VaultFixture.POLICY, Clock.systemUTC(), vault.changes);
        String id = subjectWithRecords(vault, "twice");
        erasure.erase("test", id);
        erasure.eraseAll("test", List.of(id));
        assertThat(rows(vault, List.of(id))).isZero();
        assertThat(pending(vault)).isEmpty();
    }

    private static String subjectWithRecords(VaultFixture vault, String name) {
        String id = vault.subjects.create("test", new NewSubject(Map.of(IdentityKind.EMAIL, name + "@example.com"),
                Jurisdiction.of("KR"), java.time.LocalDate.of(1990, 5, 1), null, true));
        // two ordinary records (no hold keeps a phone number)
        vault.records.add("test", id, new NewRecord(CategoryKey.of("contact.phone"), "+82 10 1234 5678",
                Source.PROVIDED, List.of(PurposeKey.of("communicate"))));
        vault.records.add("test", id, new NewRecord(CategoryKey.of("contact.phone"), "+82 10 8765 4321",
                Source.PROVIDED, List.of(PurposeKey.of("communicate"))));
        return id;
    }

    private static List<String> pending(VaultFixture vault) {
        return vault.database.jdbi().withHandle(handle -> handle.createQuery("SELECT subject_id FROM compaction_pending")
                .mapTo(String.class).list());
    }

    private static long rows(VaultFixture vault, List<String> subjects) {
        return vault.database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM personal_record "
                + "WHERE subject_id IN (<s>)").bindList("s", subjects).mapTo(Long.class).one());
    }
}
