package dev.steward.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.error.StewardException;
import dev.steward.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {
    @TempDir
    Path dir;

    @Test
    void theFirstStartCreatesAnOwnerOnlyMasterKey() throws Exception {
        KeyRing.open(Database.embedded(dir), dir.resolve("keys"), Optional.empty(), Clock.systemUTC());
        Path master = dir.resolve("keys/master.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(master))).isEqualTo("rw-------");
    }

    @Test
    void aMissingMasterKeyForAnExistingDatabaseIsAnErrorNotANewKey() throws Exception {
        Database database = Database.embedded(dir);
        KeyRing.open(database, dir.resolve("keys"), Optional.empty(), Clock.systemUTC());
        Files.delete(dir.resolve("keys/master.json"));
        assertThatThrownBy(() -> KeyRing.open(database, dir.resolve("keys"), Optional.empty(), Clock.systemUTC()))
                .isInstanceOf(StewardException.class)
                .satisfies(error -> assertThat(((StewardException) error).code().code()).isEqualTo("master_key_missing"));
        assertThat(dir.resolve("keys/master.json")).doesNotExist();
    }

    @Test
    void aWrongMasterKeyIsRefused() {
        Database database = Database.embedded(dir);
        KeyRing.open(database, dir.resolve("keys"), Optional.empty(), Clock.systemUTC());
        Optional<String> other = Optional.of(MasterKey.generateForEnvironment());
        assertThatThrownBy(() -> KeyRing.open(database, dir.resolve("keys"), other, Clock.systemUTC()))
                .satisfies(error -> assertThat(((StewardException) error).code().code()).isEqualTo("master_key_mismatch"));
    }

    @Test
    void aGarbledMasterKeyIsRefused() {
        assertThatThrownBy(() -> KeyRing.open(Database.embedded(dir), dir.resolve("keys"), Optional.of("bm90IGEga2V5"),
                Clock.systemUTC()))
                .satisfies(error -> assertThat(((StewardException) error).code().code()).isEqualTo("master_key_invalid"));
    }

    @Test
    void theMasterKeyCanComeFromTheEnvironment() {
        Optional<String> master = Optional.of(MasterKey.generateForEnvironment());
        Database database = Database.embedded(dir);
        KeyRing ring = KeyRing.open(database, dir.resolve("keys"), master, Clock.systemUTC());
        String index = ring.blindIndex("email", "alice@example.com");
        assertThat(dir.resolve("keys/master.json")).doesNotExist();
        KeyRing again = KeyRing.open(database, dir.resolve("keys"), master, Clock.systemUTC());
        assertThat(again.blindIndex("email", "alice@example.com")).isEqualTo(index).hasSize(74);
    }

    @Test
    void ciphertextIsBoundToItsSubjectAndContext() {
        Database database = Database.embedded(dir);
        KeyRing ring = KeyRing.open(database, dir.resolve("keys"), Optional.empty(), Clock.systemUTC());
        database.jdbi().useHandle(handle -> handle.execute("INSERT INTO subject (id, jurisdiction, customer, status, "
                + "policy_version, created_at) VALUES ('sub_a', 'KR', true, 'active', '1', 'now')"));
        byte[] ciphertext = database.jdbi().withHandle(handle -> ring.encrypt(handle, "sub_a", "default",
                "secret".getBytes(StandardCharsets.UTF_8), "record/1"));
        Optional<byte[]> right = database.jdbi().withHandle(handle -> ring.decrypt(handle, "sub_a", "default",
                ciphertext, "record/1"));
        Optional<byte[]> wrongContext = database.jdbi().withHandle(handle -> ring.decrypt(handle, "sub_a", "default",
                ciphertext, "record/2"));
        Optional<byte[]> wrongClass = database.jdbi().withHandle(handle -> ring.decrypt(handle, "sub_a",
                "tax_accounting", ciphertext, "record/1"));
        assertThat(right.map(plain -> new String(plain, StandardCharsets.UTF_8))).contains("secret");
        assertThat(wrongContext).isEmpty();
        assertThat(wrongClass).isEmpty();
    }
}
