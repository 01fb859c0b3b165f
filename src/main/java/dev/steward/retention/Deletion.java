package dev.steward.retention;

import dev.steward.audit.AuditLog;
import dev.steward.changes.ChangeLog;
import dev.steward.crypto.KeyRing;
import dev.steward.policy.Policy;
import dev.steward.store.Database;
import dev.steward.vault.Erasure;
import dev.steward.vault.ErasureJournal;
import dev.steward.vault.LegalHolds;
import dev.steward.connect.Connector;
import dev.steward.vault.Subjects;
import java.util.List;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The parts that delete, over one database and one erasure journal, wired the same way by the server,
 * the offline verbs and the benchmarks: legal holds, the one erasure path, and the retention sweep.
 */
public record Deletion(ErasureJournal journal, LegalHolds holds, Erasure erasure, SubjectErasure deleter,
                       RetentionSweep sweep) {

    /** Every erasure and hold is recorded in {@code changes} (caches on every node, the outbox, follow it). */
    public static Deletion over(Database database, KeyRing keys, AuditLog audit, ErasureJournal journal,
                                Supplier<Policy> policy, Clock clock, ChangeLog changes, Subjects subjects,
                                List<Connector> connectors) {
        return over(database, keys, audit, journal, policy, clock, changes, subjects, connectors, report -> { });
    }

    /** {@link #over} with a sweep that reports each run to {@code reported} (for metrics). */
    public static Deletion over(Database database, KeyRing keys, AuditLog audit, ErasureJournal journal,
                                Supplier<Policy> policy, Clock clock, ChangeLog changes, Subjects subjects,
                                List<Connector> connectors, Consumer<RetentionSweep.Report> reported) {
        LegalHolds holds = new LegalHolds(database, keys, audit, journal, policy, clock, changes);
        Erasure erasure = new Erasure(database, keys, audit, journal, policy, clock, changes);
        SubjectErasure deleter = new SubjectErasure(erasure, holds, subjects, connectors);
        return new Deletion(journal, holds, erasure, deleter, new RetentionSweep(database, audit, erasure, deleter,
                holds, policy, clock, reported));
    }
}
