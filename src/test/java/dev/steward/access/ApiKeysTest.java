package dev.steward.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.audit.AuditLog;
import dev.steward.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs against a real SQLite file. */
class ApiKeysTest {
    @TempDir
    Path dir;

    @Test
    void issuedKeysAuthenticateAndOnlyTheirDigestIsStored() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        Database database = Database.embedded(dir);
        ApiKeys keys = new ApiKeys(database, new AuditLog(database, clock), clock);
        IssuedKey issued = keys.issue("test", Role.OFFICER, "dpo");
        assertThat(keys.authenticate(issued.secret())).hasValueSatisfying(key -> {
            assertThat(key.role()).isEqualTo(Role.OFFICER);
            assertThat(key.createdAt()).isEqualTo(clock.instant());
        });
        assertThat(keys.authenticate(issued.secret() + "x")).isEmpty();
        assertThat(keys.authenticate("Bearer nonsense")).isEmpty();
        for (String file : new String[] {"steward.db", "steward.db-wal"}) {
            Path path = dir.resolve(file);
            if (Files.exists(path)) {
                assertThat(new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1))
                        .doesNotContain(issued.secret());
            }
        }
    }

    @Test
    void keysSurviveAReopen() {
        Database first = Database.embedded(dir);
        IssuedKey issued = new ApiKeys(first, new AuditLog(first, Clock.systemUTC()), Clock.systemUTC())
                .issue("test", Role.SERVICE, "app");
        Database second = Database.embedded(dir);
        ApiKeys reopened = new ApiKeys(second, new AuditLog(second, Clock.systemUTC()), Clock.systemUTC());
        assertThat(reopened.authenticate(issued.secret())).isPresent();
        assertThat(reopened.hasActive(Role.SERVICE)).isTrue();
        assertThat(reopened.hasActive(Role.ADMIN)).isFalse();
    }
}
