package dev.steward.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After erasure, a copy of the subject's ciphertext taken beforehand (as a backup would hold it) no
 * longer decrypts, even in a fresh process, and the blind indexes no longer find the subject; what the
 * tax hold keeps (the e-mail on invoices, the card token) stays readable under its own key.
 */
class CryptoShreddingTest {
    @TempDir
    Path dir;

    @Test
    void ciphertextCopiedBeforeErasureCannotBeDecryptedAfterwards() throws Exception {
        VaultFixture vault = new VaultFixture(TestDatabases.SQLITE, dir);
        PlaintextTest.storeAlice(vault);
        String id = vault.database.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM subject")
                .mapTo(String.class).one());
        // an invoice: the reason the tax hold keeps her name and e-mail
        vault.records.add("test", id, new NewRecord(dev.steward.policy.CategoryKey.of("billing.invoice"),
                "INV-7431 40 KRW", dev.steward.policy.Source.AUTOMATIC,
                List.of(dev.steward.policy.PurposeKey.of("legal_obligation"))));
        List<Map<String, Object>> copied = vault.database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT id, category, key_class, value_ct FROM personal_record WHERE subject_id = :s")
                .bind("s", id).mapToMap().list());
        assertThat(copied).hasSize(5);
        List<Map<String, Object>> ordinary = copied.stream().filter(row -> "default".equals(row.get("key_class")))
                .toList();
        List<Map<String, Object>> held = copied.stream().filter(row -> !"default".equals(row.get("key_class")))
                .toList();
        assertThat(ordinary).as("name and phone").hasSize(2);
        assertThat(decryptable(vault, id, copied)).as("readable before erasure").isEqualTo(5);

        Erasure erasure = new Erasure(vault.database, vault.keys, vault.audit, new FileJournal(dir.resolve(
                "journal")), () -> VaultFixture.POLICY, Clock.systemUTC(), vault.changes);
        erasure.erase("test", id);

        assertThat(decryptable(vault, id, ordinary)).isZero();
        VaultFixture restarted = new VaultFixture(vault.database, dir);
        assertThat(decryptable(restarted, id, ordinary)).as("a fresh key ring").isZero();
        assertThat(decryptable(restarted, id, held)).as("kept under the tax hold").isEqualTo(held.size());
        assertThat(erasure.compact()).as("the unreadable rows swept later").isEqualTo(ordinary.size());
        assertThat(erasure.compact()).isZero();
        int left = vault.database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM personal_record WHERE subject_id = :s").bind("s", id).mapTo(Integer.class)
                .one());
        assertThat(left).isEqualTo(held.size());
        assertThat(restarted.subjects.find("test", IdentityKind.EMAIL, "alice@example.com",
                dev.steward.policy.Jurisdiction.DEFAULT)).isEmpty();
        PlaintextTest.assertNoPlaintextBeside(dir);
    }

    private static int decryptable(VaultFixture vault, String subject, List<Map<String, Object>> rows) {
        return vault.database.jdbi().withHandle(handle -> (int) rows.stream()
                .filter(row -> vault.keys.decrypt(handle, subject, (String) row.get("key_class"),
                        (byte[]) row.get("value_ct"), "record/" + row.get("id") + "/" + row.get("category"))
                        .isPresent())
                .count());
    }
}
