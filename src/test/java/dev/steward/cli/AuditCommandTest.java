package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.audit.AuditEvent;
import dev.steward.audit.AuditLog;
import dev.steward.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
    @TempDir
    Path data;

    @Test
    void verifyPassesOnAnIntactLogAndNamesTheFirstBadEntryOtherwise() throws Exception {
        Database database = Database.embedded(data);
        dev.steward.crypto.KeyRing.open(database, data.resolve("keys"), java.util.Optional.empty(), Clock.systemUTC());
        AuditLog log = new AuditLog(database, Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            log.append(AuditEvent.of("key:test", "record.write", "sub_" + i, "ok", Map.of()));
        }
        CliTest.Result intact = CliTest.run("audit", "verify", "--data", data.toString());
        assertThat(intact.code()).isZero();
        assertThat(intact.out()).contains("audit log intact: 5 entries");

        database.jdbi().useHandle(handle -> handle.execute("UPDATE audit_log SET outcome = 'denied' WHERE seq = 3"));
        CliTest.Result broken = CliTest.run("audit", "verify", "--data", data.toString());
        assertThat(broken.code()).isEqualTo(1);
        assertThat(broken.err()).contains("audit log broken at entry 3:");
        CliTest.Result json = CliTest.run("audit", "verify", "--json", "--data", data.toString());
        assertThat(json.out()).contains("\"valid\":false", "\"first_bad_seq\":3");
    }

    /** A mistyped --data must not create an empty installation and report success on it. */
    @Test
    void offlineVerbsRefuseADirectoryWithoutAnInstallation() {
        Path typo = data.resolve("stewrad-data");
        for (String[] verb : new String[][] {{"audit", "verify"}, {"backup", "create", "--out",
                data.resolve("b.db").toString()}, {"retention", "run"}, {"dsr", "list"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(verb),
                    java.util.stream.Stream.of("--data", typo.toString())).toArray(String[]::new);
            CliTest.Result result = CliTest.run(args);
            assertThat(result.code()).as(String.join(" ", verb)).isEqualTo(1);
            assertThat(result.err()).contains("no Steward installation");
            assertThat(java.nio.file.Files.exists(typo)).as("nothing created").isFalse();
        }
    }

    @Test
    void theErasureBenchmarkRunsAtASmallSize() {
        CliTest.Result result = CliTest.run("bench", "erasure", "--samples", "2", "--sweep-subjects", "20", "--json");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("\"sweep_records\":200", "\"erase_10000_records_p50_ms\":");
    }

    @Test
    void benchRefusesAnUnknownBenchmark() {
        CliTest.Result result = CliTest.run("bench", "no-such-bench");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("unknown benchmark");
    }
}
