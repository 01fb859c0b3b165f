package dev.steward.dsr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.audit.AuditLog;
import dev.steward.dsr.RequestApiTest.MovableClock;
import dev.steward.outbox.Outbox;
import dev.steward.policy.Policy;
import dev.steward.policy.PolicyLoader;
import dev.steward.store.Database;
import dev.steward.store.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A run looks only at reminders not sent yet: requests reminded already (long overdue ones, say) never
 * fill a run's page and keep a request that has just become due from being reminded.
 */
class RemindersTest {
    private static final Policy POLICY = new PolicyLoader().load(Path.of("policies/reference.yaml"));

    @TempDir
    Path dir;

    private static void request(Database database, String id, Instant received, Instant due) {
        database.jdbi().useHandle(handle -> handle.createUpdate("INSERT INTO dsr_request (id, type, jurisdiction, "
                + "language, status, identity_kind, identity_index, received_at, due_at, details, code_attempts, "
                + "created_at) VALUES (:id, 'erase', 'EEA', 'en', 'in_progress', 'email', :i, :r, :d, '{}', 0, :r)")
                .bind("id", id).bind("i", "index-" + id).bind("r", received).bind("d", due).execute());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void remindedRequestsDoNotCrowdOutOnesNotRemindedYet(TestDatabases kind) {
        Database database = kind.open(dir);
        MovableClock clock = new MovableClock();
        Outbox outbox = Outbox.of(database, dir.resolve("outbox"), clock, "privacy@example.com");
        Reminders reminders = new Reminders(database, outbox, new AuditLog(database, clock), () -> POLICY, clock, 1);
        Instant now = clock.instant();
        request(database, "req_long_overdue", now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(30)));
        request(database, "req_due_soon", now.minus(Duration.ofDays(28)), now.plus(Duration.ofDays(2)));

        assertThat(reminders.run()).as("the earliest due first, one a run").isOne();
        assertThat(reminders.run()).as("the next run reaches the other one").isOne();
        assertThat(reminders.run()).isZero();
        long sent = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM dsr_reminder")
                .mapTo(Long.class).one());
        assertThat(sent).isEqualTo(2);
    }
}
