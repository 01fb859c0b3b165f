package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.Steward;
import dev.steward.config.Settings;
import dev.steward.dsr.RequestApiTest;
import dev.steward.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restoring a backup taken before an erasure does not bring the erased subject back. */
class BackupCommandTest {
    @TempDir
    Path data;

    @TempDir
    Path backups;

    private Steward start() {
        return Steward.start(new Settings(data, "127.0.0.1", 0, Path.of("policies/reference.yaml"), "", 1 << 20),
                Clock.systemUTC(), Map.of());
    }

    /** Rows of {@code fromWhere} (a table and a condition on {@code :s}) in the data directory's database. */
    private int count(String fromWhere, String subject) {
        try (Database database = Database.embedded(data)) {
            return database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM " + fromWhere)
                    .bind("s", subject).mapTo(Integer.class).one());
        }
    }

    private RequestApiTest.Api api(Steward steward) throws Exception {
        return new RequestApiTest.Api(steward, Files.readString(data.resolve("admin.key")).strip(), data);
    }

    @Test
    void aRestoredOlderBackupReappliesTheErasureMadeSince() throws Exception {
        String subject;
        try (Steward steward = start()) {
            RequestApiTest.Api api = api(steward);
            subject = RequestApiTest.subject(api, "petra@example.com", "EEA");
            assertThat(api.raw("POST", "/api/v1/subjects/" + subject + "/identities", "{\"kind\":\"phone\","
                    + "\"value\":\"+352 621 555 020\"}").statusCode()).isEqualTo(204);
            assertThat(api.raw("GET", "/api/v1/subjects?phone=%2B352621555020", null).statusCode()).isEqualTo(200);
            RequestApiTest.subject(api, "quinn@example.com", "EEA");
            assertThat(api.raw("POST", "/api/v1/subjects/" + subject + "/close", "{\"effective_at\":\""
                    + Instant.now().minus(Duration.ofDays(120)) + "\"}").statusCode()).isEqualTo(204);
        }
        Path backup = backups.resolve("before.db");
        CliTest.Result created = CliTest.run("backup", "create", "--out", backup.toString(), "--data", data.toString());
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(CliTest.run("backup", "create", "--out", backup.toString(), "--data", data.toString()).code())
                .as("never overwrites").isNotZero();
        assertThat(CliTest.run("retention", "run", "--data", data.toString()).out())
                .contains("purged 1 closed account(s)");
        String journal = Files.readString(data.resolve("erasure-journal.log"));
        assertThat(journal).contains(subject).doesNotContain("@", "Elena");

        try (Steward running = start()) {
            CliTest.Result busy = CliTest.run("backup", "restore", backup.toString(), "--data", data.toString());
            assertThat(busy.code()).isNotZero();
            assertThat(busy.err()).contains("another Steward process is using");
        }

        Path junk = backups.resolve("junk.db");
        Files.writeString(junk, "not a database");
        CliTest.Result refused = CliTest.run("backup", "restore", junk.toString(), "--data", data.toString());
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("not a Steward backup");

        CliTest.Result restored = CliTest.run("backup", "restore", backup.toString(), "--data", data.toString());
        assertThat(restored.code()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("re-applied 1 erasure(s)");
        assertThat(CliTest.run("backup", "reapply", "--data", data.toString()).out()).contains("re-applied 0");

        assertThat(count("subject_key WHERE subject_id = :s AND key_class = 'default'", subject))
                .as("the subject's key is destroyed again").isZero();
        try (Steward steward = start()) {
            RequestApiTest.Api api = api(steward);
            assertThat(api.raw("GET", "/api/v1/subjects?email=petra@example.com", null).statusCode()).isEqualTo(404);
            assertThat(api.raw("GET", "/api/v1/subjects?phone=%2B352621555020", null).statusCode())
                    .as("the phone's blind index is gone too").isEqualTo(404);
            assertThat(api.raw("GET", "/api/v1/subjects?email=quinn@example.com", null).statusCode())
                    .as("the other customer is back as backed up").isEqualTo(200);
            assertThat(api.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=provide", null, 200)
                    .get("records")).isEmpty();
            assertThat(api.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=legal_obligation", null, 200)
                    .get("records").toString()).contains("INV-2026-001");
            assertThat(api.json("GET", "/api/v1/audit/verify", null, 200).get("valid").asBoolean()).isTrue();
        }
        for (String file : new String[] {"steward.db", "steward.db-wal"}) {
            Path path = data.resolve(file);
            if (Files.exists(path)) {
                assertThat(new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1))
                        .doesNotContain("Elena Ortiz", "petra@example.com", "/console/billing", "+352621555020",
                                "621 555 020");
            }
        }
    }

    /** A backup restored anywhere but beside its erasure journal would bring erasures back: it is refused. */
    @Test
    void aBackupRestoredIntoAnotherDirectoryCannotBringAnErasureBack() throws Exception {
        String subject;
        try (Steward steward = start()) {
            subject = RequestApiTest.subject(api(steward), "ines@example.com", "EEA");
        }
        Path backup = backups.resolve("before-erasure.db");
        assertThat(CliTest.run("backup", "create", "--out", backup.toString(), "--data", data.toString()).code())
                .isZero();
        try (Steward steward = start()) {
            RequestApiTest.Api api = api(steward);
            String erase = RequestApiTest.submit(api, "erase", "ines@example.com", "EEA", "");
            api.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\"" + api.code("ines@example.com")
                    + "\"}", 200);
        }
        Path other = backups.resolve("elsewhere");
        Files.createDirectories(other.resolve("keys"));
        try (var keys = Files.list(data.resolve("keys"))) {
            for (Path key : keys.toList()) {
                Files.copy(key, other.resolve("keys").resolve(key.getFileName()));
            }
        }
        CliTest.Result refused = CliTest.run("backup", "restore", backup.toString(), "--data", other.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("erasure journal", "erasure-journal.log");
        assertThat(Files.exists(other.resolve("steward.db"))).as("nothing restored").isFalse();

        // copied by hand, the database does not start without its journal either
        Files.copy(backup, other.resolve("steward.db"));
        Settings elsewhere = new Settings(other, "127.0.0.1", 0, Path.of("policies/reference.yaml"), "", 1 << 20);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Steward.start(elsewhere, Clock.systemUTC(), Map.of()))
                .hasMessageContaining("erasure journal");
        Files.delete(other.resolve("steward.db"));

        Files.copy(data.resolve("erasure-journal.log"), other.resolve("erasure-journal.log"));
        CliTest.Result restored = CliTest.run("backup", "restore", backup.toString(), "--data", other.toString());
        assertThat(restored.code()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("re-applied 1 erasure(s)");
        try (Database database = Database.embedded(other)) {
            int keys = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM subject_key WHERE "
                    + "subject_id = :s AND key_class = 'default'").bind("s", subject).mapTo(Integer.class).one());
            assertThat(keys).as("erased again").isZero();
        }
    }

    @Test
    void recordsARetentionRuleDeletedStayDeletedAfterARestore() throws Exception {
        RequestApiTest.MovableClock past = new RequestApiTest.MovableClock();
        past.advance(Duration.ofDays(-365 * 5));
        String lead;
        try (Steward steward = Steward.start(new Settings(data, "127.0.0.1", 0, Path.of("policies/reference.yaml"), "",
                1 << 20), past, Map.of())) {
            RequestApiTest.Api api = api(steward);
            lead = api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"rhea@example.com\"},"
                    + "\"jurisdiction\":\"US-CA\"}", 201).get("id").asText();
            api.json("POST", "/api/v1/subjects/" + lead + "/records", "{\"category\":\"marketing.leads\",\"value\":"
                    + "\"asked about the storage roadmap\",\"source\":\"other\",\"purposes\":[\"marketing\"]}", 201);
        }
        Path backup = backups.resolve("leads.db");
        assertThat(CliTest.run("backup", "create", "--out", backup.toString(), "--data", data.toString()).code()).isZero();
        CliTest.Result swept = CliTest.run("retention", "run", "--json", "--data", data.toString());
        assertThat(swept.out()).contains("marketing_leads");
        assertThat(Files.readString(data.resolve("erasure-journal.log"))).startsWith("j1\tej_").contains("\nr1\t" + lead + "\t");

        CliTest.Result restored = CliTest.run("backup", "restore", backup.toString(), "--data", data.toString());
        assertThat(restored.code()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("re-applied 1");
        assertThat(count("personal_record WHERE subject_id = :s", lead))
                .as("the expired lead does not come back").isZero();
        assertThat(count("subject WHERE id = :s", lead))
                .as("only the record was deleted").isOne();
        assertThat(CliTest.run("backup", "reapply", "--data", data.toString()).out()).contains("re-applied 0");
    }

    @Test
    void aRestoreOlderThanALegalHoldPlacesItAgainBeforeReplayingTheErasure() throws Exception {
        String subject;
        try (Steward steward = start()) {
            subject = RequestApiTest.subject(api(steward), "sage@example.com", "EEA");
        }
        Path backup = backups.resolve("before-hold.db");
        assertThat(CliTest.run("backup", "create", "--out", backup.toString(), "--data", data.toString()).code()).isZero();
        try (Steward steward = start()) {
            RequestApiTest.Api api = api(steward);
            api.json("POST", "/api/v1/subjects/" + subject + "/holds", "{\"reason\":\"Litigation 2026-CV-204\","
                    + "\"categories\":[\"usage\"]}", 201);
            assertThat(api.raw("POST", "/api/v1/subjects/" + subject + "/close", "{\"effective_at\":\""
                    + Instant.now().minus(Duration.ofDays(120)) + "\"}").statusCode()).isEqualTo(204);
        }
        assertThat(CliTest.run("retention", "run", "--data", data.toString()).out()).contains("purged 1");
        assertThat(Files.readString(data.resolve("erasure-journal.log"))).contains("h1\t" + subject + "\t")
                .doesNotContain("Litigation");

        CliTest.Result restored = CliTest.run("backup", "restore", backup.toString(), "--data", data.toString());
        assertThat(restored.code()).as(restored.err()).isZero();
        assertThat(restored.out()).as("the hold, then the erasure").contains("re-applied 2");
        assertThat(count("personal_record WHERE subject_id = :s AND key_class LIKE 'legal.%'", subject))
                .as("the clickstream the hold kept survives the replayed erasure").isOne();
        assertThat(count("subject_key WHERE subject_id = :s AND key_class = 'default'", subject))
                .as("the rest is erased again").isZero();
        try (Steward steward = start()) {
            JsonNode holds = api(steward).json("GET", "/api/v1/subjects/" + subject + "/holds", null, 200).get("holds");
            assertThat(holds).hasSize(1);
            assertThat(holds.get(0).get("reason").asText()).contains("erasure journal");
            assertThat(holds.get(0).get("records").asInt()).isOne();
        }
        assertThat(CliTest.run("backup", "reapply", "--data", data.toString()).out()).contains("re-applied 0");
    }
}
