package dev.steward.vault;

import dev.steward.audit.AuditLog;
import dev.steward.crypto.KeyRing;
import dev.steward.consent.Choices;
import dev.steward.decision.DecisionEngine;
import dev.steward.decision.SubjectStates;
import dev.steward.policy.Policy;
import dev.steward.policy.PolicyLoader;
import dev.steward.store.Database;
import dev.steward.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** A vault over one of the real test databases with the reference policy. */
final class VaultFixture {
    static final Policy POLICY = new PolicyLoader().load(Path.of("policies/reference.yaml"));

    final Database database;
    final KeyRing keys;
    final AuditLog audit;
    final Subjects subjects;
    final Records records;
    final SubjectStates states;
    final dev.steward.changes.ChangeLog changes;
    final DecisionEngine decisions;
    final Choices choices;
    final Path dir;

    VaultFixture(TestDatabases kind, Path dir) {
        this(kind.open(dir).withGroupCommit(64), dir);
    }

    VaultFixture(Database database, Path dir) {
        Clock clock = Clock.systemUTC();
        this.dir = dir;
        this.database = database;
        this.keys = KeyRing.open(database, dir.resolve("keys"), Optional.empty(), clock);
        this.audit = new AuditLog(database, clock);
        this.subjects = new Subjects(database, keys, audit, () -> POLICY, clock);
        this.states = new SubjectStates(database, keys, () -> POLICY.meta().version());
        this.decisions = new DecisionEngine(() -> POLICY, states, clock);
        this.changes = dev.steward.changes.ChangeLog.invalidating(database, clock, states::invalidate);
        this.choices = new Choices(database, audit, () -> POLICY, clock, changes);
        this.records = new Records(database, keys, audit, () -> POLICY, decisions, subjects,
                new LegalHolds(database, keys, audit, new FileJournal(dir.resolve("erasure-journal.log")), () -> POLICY,
                        clock, changes),
                clock);
    }

    long count(String table) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM " + table)
                .mapTo(Long.class).one());
    }

    void sql(String statement) {
        database.jdbi().useHandle(handle -> handle.execute(statement));
    }
}
