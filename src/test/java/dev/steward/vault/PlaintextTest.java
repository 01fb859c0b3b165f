package dev.steward.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.policy.CategoryKey;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.Source;
import dev.steward.store.Database;
import dev.steward.store.TestDatabases;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/** No personal value is ever written in plain text: not in the SQLite file or its WAL, not in PostgreSQL. */
class PlaintextTest {
    static final List<String> SECRETS = List.of("alice@example.com", "Alice@Example.com", "+821012345678",
            "1012345678", "010-1234-5678", "4111111111111111", "4111 1111 1111 1111", "Wonderland-7431",
            "1990-05-01");

    @TempDir
    Path dir;

    static void storeAlice(VaultFixture vault) {
        String id = vault.subjects.create("test", new NewSubject(Map.of(IdentityKind.EMAIL, "Alice@Example.com",
                IdentityKind.PHONE, "010-1234-5678"), Jurisdiction.of("KR"), java.time.LocalDate.of(1990, 5, 1), null,
                true));
        vault.records.add("test", id, new NewRecord(CategoryKey.of("contact.email"), "alice@example.com",
                Source.PROVIDED, List.of(PurposeKey.of("communicate"))));
        vault.records.add("test", id, new NewRecord(CategoryKey.of("contact.phone"), "+82 10 1234 5678",
                Source.PROVIDED, List.of(PurposeKey.of("communicate"))));
        vault.records.add("test", id, new NewRecord(CategoryKey.of("contact.name"), "Alice Wonderland-7431",
                Source.PROVIDED, List.of(PurposeKey.of("provide"))));
        vault.records.add("test", id, new NewRecord(CategoryKey.of("payment.card"), "4111 1111 1111 1111",
                Source.PROVIDED, List.of(PurposeKey.of("provide"))));
        vault.subjects.find("test", IdentityKind.EMAIL, "alice@example.com", Jurisdiction.DEFAULT);
        vault.records.readFor("test", id, PurposeKey.of("provide"));
    }

    @Test
    void sqliteFileAndWalHoldNoPlaintext() throws IOException {
        VaultFixture vault = new VaultFixture(TestDatabases.SQLITE, dir);
        // An open reader keeps SQLite from folding the WAL back into the file, so the WAL is there to inspect.
        try (var reader = vault.database.jdbi().open()) {
            reader.createQuery("SELECT COUNT(*) FROM subject").mapTo(Integer.class).one();
            storeAlice(vault);
            assertThat(Files.size(dir.resolve("steward.db-wal"))).isPositive();
            assertNoPlaintextBeside(dir);
        }
        assertNoPlaintextBeside(dir);
    }

    static void assertNoPlaintextBeside(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(file -> file.getFileName().toString().startsWith("steward.db")).toList();
        }
        assertThat(files).extracting(file -> file.getFileName().toString()).contains("steward.db");
        for (Path file : files) {
            try {
                assertNoSecrets(file.toString(), Files.readAllBytes(file));
            } catch (java.nio.file.NoSuchFileException e) {
                // SQLite removes the WAL when its last connection closes; a file that is gone holds nothing
            }
        }
    }

    @Test
    void postgresDumpAndDataFilesHoldNoPlaintext() throws Exception {
        String url = TestDatabases.freshPostgresUrl();
        VaultFixture vault = new VaultFixture(Database.postgres(url), dir);
        storeAlice(vault);
        StringBuilder dump = new StringBuilder();
        try (Connection connection = java.sql.DriverManager.getConnection(url)) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (String table : List.of("subject", "subject_key", "identity", "personal_record", "record_archive",
                    "audit_log", "system_key", "api_key")) {
                StringWriter out = new StringWriter();
                copy.copyOut("COPY " + table + " TO STDOUT", out);
                dump.append(out);
            }
        }
        assertThat(dump).isNotEmpty();
        assertNoSecrets("COPY dump", dump.toString().getBytes(StandardCharsets.UTF_8));
        Path data = TestDatabases.postgresDataDirectory();
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                byte[] content;
                try {
                    content = Files.readAllBytes(file);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue; // the server removed a temporary file while we walked: nothing left to read
                }
                assertNoSecrets(file.toString(), content);
            }
        }
    }

    static void assertNoSecrets(String where, byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        for (String secret : SECRETS) {
            assertThat(text.contains(secret)).as(where + " must not contain a personal value").isFalse();
        }
    }
}
