package dev.steward.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.store.Database;
import dev.steward.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tampering with the audit log is found, with the position named, on both databases. */
class AuditLogTest {
    @TempDir
    Path dir;

    AuditLog logWithEntries(Database database, int count) {
        AuditLog log = new AuditLog(database, Clock.systemUTC());
        for (int i = 1; i <= count; i++) {
            log.append(new AuditEvent("key:test", "record.write", "sub_" + i, null, "ok", Map.of("record", "rec_" + i)));
        }
        return log;
    }

    static void sql(Database database, String statement) {
        database.jdbi().useHandle(handle -> handle.execute(statement));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void anUntouchedChainVerifies(TestDatabases kind) {
        AuditLog log = logWithEntries(kind.open(dir), 10);
        assertThat(log.verify()).isEqualTo(new AuditVerification(true, 10, 0, ""));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aChangedByteIsFoundAtItsEntry(TestDatabases kind) {
        Database database = kind.open(dir);
        AuditLog log = logWithEntries(database, 10);
        sql(database, "UPDATE audit_log SET detail = '{\"record\":\"rec_X\"}' WHERE seq = 4");
        AuditVerification result = log.verify();
        assertThat(result.valid()).isFalse();
        assertThat(result.firstBadSeq()).isEqualTo(4);
        assertThat(result.problem()).contains("changed");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aDeletedEntryIsFound(TestDatabases kind) {
        Database database = kind.open(dir);
        AuditLog log = logWithEntries(database, 10);
        sql(database, "DELETE FROM audit_log WHERE seq = 6");
        AuditVerification result = log.verify();
        assertThat(result.valid()).isFalse();
        assertThat(result.firstBadSeq()).isEqualTo(6);
        assertThat(result.problem()).contains("missing");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void swappedEntriesAreFound(TestDatabases kind) {
        Database database = kind.open(dir);
        AuditLog log = logWithEntries(database, 10);
        sql(database, "UPDATE audit_log SET seq = -3 WHERE seq = 3");
        sql(database, "UPDATE audit_log SET seq = 3 WHERE seq = 7");
        sql(database, "UPDATE audit_log SET seq = 7 WHERE seq = -3");
        AuditVerification result = log.verify();
        assertThat(result.valid()).isFalse();
        assertThat(result.firstBadSeq()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aRemovedTailIsFound(TestDatabases kind) {
        Database database = kind.open(dir);
        AuditLog log = logWithEntries(database, 10);
        sql(database, "DELETE FROM audit_log WHERE seq > 8");
        AuditVerification result = log.verify();
        assertThat(result.valid()).isFalse();
        assertThat(result.firstBadSeq()).isEqualTo(9);
        assertThat(result.problem()).contains("removed from the end");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aRewrittenChainStillFailsAtTheFirstChangedEntry(TestDatabases kind) {
        Database database = kind.open(dir);
        AuditLog log = logWithEntries(database, 5);
        sql(database, "UPDATE audit_log SET actor = 'key:other', hash = '" + "f".repeat(64) + "' WHERE seq = 2");
        assertThat(log.verify().firstBadSeq()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void entriesAppendedTogetherChainLikeSingleOnesAndMoveTheHeadOnce(TestDatabases kind) {
        Database database = kind.open(dir);
        AuditLog log = logWithEntries(database, 2);
        java.util.List<AuditEvent> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(new AuditEvent("key:test", "record.erase", "sub_b" + i, null, "ok", Map.of("n", i)));
        }
        database.write(handle -> {
            log.append(handle, new AuditEvent("key:test", "retention.run", null, null, "ok", Map.of()));
            log.appendAll(handle, batch);
            log.appendAll(handle, batch.subList(0, 2));
            return null;
        });
        AuditEntry next = log.append(new AuditEvent("key:test", "record.write", "sub_c", null, "ok", Map.of()));

        assertThat(next.seq()).isEqualTo(11);
        assertThat(log.verify()).isEqualTo(new AuditVerification(true, 11, 0, ""));
        long headSeq = database.jdbi().withHandle(handle ->
                handle.createQuery("SELECT seq FROM audit_head WHERE id = 1").mapTo(Long.class).one());
        assertThat(headSeq).isEqualTo(11);
    }
}
