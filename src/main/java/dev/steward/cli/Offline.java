package dev.steward.cli;

import dev.steward.Steward;
import dev.steward.audit.AuditLog;
import dev.steward.config.DataDirectory;
import dev.steward.config.Settings;
import dev.steward.crypto.KeyRing;
import dev.steward.crypto.MasterKey;
import dev.steward.outbox.Outbox;
import dev.steward.policy.Policy;
import dev.steward.retention.Deletion;
import dev.steward.retention.RetentionSweep;
import dev.steward.store.Database;
import dev.steward.vault.Erasure;
import dev.steward.vault.LegalHolds;
import java.time.Clock;
import java.util.Optional;

/** The deletion parts over a data directory, for verbs that run without the server. */
record Offline(Database database, Erasure erasure, LegalHolds holds, RetentionSweep sweep) implements AutoCloseable {

    static Offline open(Settings settings) {
        Clock clock = Clock.systemUTC();
        Database database = Database.existing(settings.dataDir(), settings.databaseUrl(), settings.databasePassword());
        DataDirectory directory = new DataDirectory(settings.dataDir()).prepare();
        dev.steward.vault.ErasureJournal journal;
        try {
            journal = dev.steward.vault.ErasureJournal.open(database, directory.erasureJournal(), clock.instant());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        KeyRing keys = KeyRing.open(database, directory.keys(), Optional.ofNullable(System.getenv(
                MasterKey.ENVIRONMENT)), clock);
        Policy policy = Steward.currentPolicy(settings, database, clock);
        AuditLog audit = new AuditLog(database, clock);
        // the purge after closure reaches the external stores here as it does in serve
        // erasures reach a running serve's caches through the change log; this directory's outbox forgets here
        Outbox outbox = Outbox.of(database, directory.outbox(), clock, "");
        dev.steward.changes.ChangeLog changes = dev.steward.changes.ChangeLog.of(database, clock);
        changes.onCommit(change -> {
            if (change.kind().equals(dev.steward.changes.Change.ERASURE) && !change.everyone()) {
                outbox.forget(change.subjectId());
            }
        });
        Deletion deletion = Deletion.over(database, keys, audit, journal, () -> policy, clock,
                changes, new dev.steward.vault.Subjects(database, keys, audit,
                        () -> policy, clock), dev.steward.connect.DatasetLoader.loadAll(settings.datasetsDir(), policy,
                        System.getenv()));
        return new Offline(database, deletion.erasure(), deletion.holds(), deletion.sweep());
    }

    @Override
    public void close() {
        database.close();
    }
}
