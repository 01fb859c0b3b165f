package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Steward;
import dev.steward.config.Settings;
import dev.steward.dsr.RequestApiTest;
import dev.steward.store.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code steward backup create|restore} against a real PostgreSQL: a backup taken before an erasure,
 * restored, does not bring the erased person back; the rest returns as it was backed up and the audit
 * chain still verifies. A bad file or an embedded backup changes nothing.
 */
class PostgresBackupTest {
    @TempDir
    Path data;

    @TempDir
    Path backups;

    private final String url = TestDatabases.freshPostgresUrl();

    private Steward start() {
        return Steward.start(new Settings(data, "127.0.0.1", 0, Path.of("policies/reference.yaml"), url, 1 << 20),
                Clock.systemUTC(), Map.of());
    }

    private RequestApiTest.Api api(Steward steward) throws Exception {
        return new RequestApiTest.Api(steward, Files.readString(data.resolve("admin.key")).strip(), data);
    }

    private CliTest.Result cli(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--data";
        all[args.length + 1] = data.toString();
        all[args.length + 2] = "--db";
        all[args.length + 3] = url;
        return CliTest.run(all);
    }

    @Test
    void aRestoredBackupReappliesTheErasureMadeSinceAndKeepsTheAuditChain() throws Exception {
        String erased;
        try (Steward steward = start()) {
            RequestApiTest.Api api = api(steward);
            erased = RequestApiTest.subject(api, "ivo@example.com", "EEA");
            RequestApiTest.subject(api, "jade@example.com", "EEA");
            assertThat(api.raw("POST", "/api/v1/subjects/" + erased + "/close", "{\"effective_at\":\""
                    + Instant.now().minus(Duration.ofDays(120)) + "\"}").statusCode()).isEqualTo(204);
            api.json("PUT", "/api/v1/subjects/" + erased + "/consents/marketing", "{\"granted\":true}", 200);
        }
        Path backup = backups.resolve("steward-pg.zip");
        CliTest.Result created = cli("backup", "create", "--out", backup.toString());
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(cli("backup", "create", "--out", backup.toString()).code()).as("never overwrites").isNotZero();
        assertThat(new String(Files.readAllBytes(backup), StandardCharsets.ISO_8859_1))
                .doesNotContain("Elena Ortiz", "ivo@example.com", "/console/billing");

        assertThat(cli("retention", "run").out()).contains("purged 1 closed account(s)");
        try (Steward steward = start()) {
            RequestApiTest.subject(api(steward), "kai@example.com", "EEA"); // after the backup: gone on restore
        }

        Path junk = backups.resolve("junk.zip");
        Files.writeString(junk, "PK\u0003\u0004 not really");
        assertThat(cli("backup", "restore", junk.toString()).code()).isNotZero();
        Path embedded = backups.resolve("embedded.db");
        Files.write(embedded, "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII));
        CliTest.Result wrongKind = cli("backup", "restore", embedded.toString());
        assertThat(wrongKind.code()).isNotZero();
        assertThat(wrongKind.err()).contains("embedded database");
        try (Steward steward = start()) {
            assertThat(api(steward).raw("GET", "/api/v1/subjects?email=kai@example.com", null).statusCode())
                    .as("a refused restore changes nothing").isEqualTo(200);
        }

        CliTest.Result restored = cli("backup", "restore", backup.toString());
        assertThat(restored.code()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("re-applied 1 erasure(s)");
        assertThat(cli("backup", "reapply").out()).contains("re-applied 0");

        try (Steward steward = start()) {
            RequestApiTest.Api api = api(steward);
            assertThat(api.raw("GET", "/api/v1/subjects?email=ivo@example.com", null).statusCode()).isEqualTo(404);
            assertThat(api.raw("GET", "/api/v1/subjects?email=jade@example.com", null).statusCode()).isEqualTo(200);
            assertThat(api.raw("GET", "/api/v1/subjects?email=kai@example.com", null).statusCode())
                    .as("written after the backup").isEqualTo(404);
            assertThat(api.json("GET", "/api/v1/subjects/" + erased + "/records?purpose=provide", null, 200)
                    .get("records")).isEmpty();
            assertThat(api.json("GET", "/api/v1/subjects/" + erased + "/records?purpose=legal_obligation", null, 200)
                    .get("records").toString()).contains("INV-2026-001");
            String later = RequestApiTest.subject(api, "lena@example.com", "EEA");
            api.json("PUT", "/api/v1/subjects/" + later + "/consents/marketing", "{\"granted\":true}", 200);
            assertThat(api.json("GET", "/api/v1/audit/verify", null, 200).get("valid").asBoolean()).isTrue();
        }
    }
}
