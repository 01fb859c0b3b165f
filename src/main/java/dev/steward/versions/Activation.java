package dev.steward.versions;

import dev.steward.audit.AuditEvent;
import dev.steward.audit.AuditLog;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.outbox.Outbox;
import dev.steward.policy.Policy;
import dev.steward.policy.PolicyChange;
import dev.steward.policy.PolicyDiff;
import dev.steward.store.Database;
import dev.steward.vault.IdentityKind;
import dev.steward.vault.Subjects;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Puts a new policy version in force. A material change (one that lowers protection) never applies
 * to data collected before it without notice and choice: every subject holding such data gets a
 * notice (a message in the outbox and a pending row) and stays under the terms they had until they
 * accept the new version. {@link #plan} shows who is affected before anything is committed.
 * Thread-safe.
 */
public final class Activation {
    private final Database database;
    private final PolicyVersions versions;
    private final AuditLog audit;
    private final Subjects subjects;
    private final Outbox outbox;
    private final Clock clock;
    private final dev.steward.changes.ChangeLog changes;

    /** An activation, and each subject's answer to its notice, are recorded in {@code changes}. */
    public Activation(Database database, PolicyVersions versions, AuditLog audit, Subjects subjects, Outbox outbox,
                      Clock clock, dev.steward.changes.ChangeLog changes) {
        this.database = database;
        this.versions = versions;
        this.audit = audit;
        this.subjects = subjects;
        this.outbox = outbox;
        this.clock = clock;
        this.changes = changes;
    }

    /** What activating {@code next} would change, and whom it affects. */
    public Plan plan(Policy next) {
        Policy current = versions.inForce();
        if (versions.known(next.meta().version())) {
            throw new StewardException(ErrorCode.POLICY_VERSION_EXISTS, next.meta().version());
        }
        List<PolicyChange> changes = new PolicyDiff().compare(current, next);
        boolean material = PolicyDiff.anyMaterial(changes);
        List<String> affected = material ? database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT DISTINCT r.subject_id FROM personal_record r JOIN subject s ON s.id = r.subject_id WHERE "
                        + "r.policy_version <> :v AND s.erased_at IS NULL ORDER BY r.subject_id")
                .bind("v", next.meta().version()).mapTo(String.class).list()) : List.of();
        return new Plan(current.meta().version(), next.meta().version(), changes, material, affected);
    }

    /** Activates {@code next}: records it, sends notices to the affected subjects, and audits it. */
    public Plan activate(String actor, Policy next, String source) {
        Plan plan = plan(next);
        java.time.Instant now = clock.instant();
        Map<String, String> terms = new java.util.HashMap<>();
        database.write(handle -> {
            terms.clear();
            versions.record(handle, next, source, plan.from(), plan.material());
            for (String subject : plan.affectedSubjects()) {
                // someone who never accepted the last change keeps the terms they last accepted, not plan.from()
                String kept = termsOf(handle, subject).orElse(plan.from());
                terms.put(subject, kept);
                handle.createUpdate("INSERT INTO policy_notice (subject_id, version, previous_version, notified_at) "
                        + "VALUES (:s, :v, :p, :t)").bind("s", subject).bind("v", plan.to()).bind("p", kept)
                        .bind("t", now).execute();
            }
            changes.record(handle, dev.steward.changes.Change.POLICY, null, "version", plan.to());
            return audit.append(handle, AuditEvent.of(actor, "policy.activate", null, "ok", Map.of("from",
                    plan.from(), "to", plan.to(), "material", plan.material(), "notified",
                    plan.affectedSubjects().size())));
        });
        versions.remember(next);
        for (String subject : plan.affectedSubjects()) {
            subjects.identity(subject, IdentityKind.EMAIL).ifPresent(address -> outbox.send(subject, address,
                    subjectLine(next), body(next, plan, subject, terms.getOrDefault(subject, plan.from()))));
        }
        return plan;
    }

    /** Records a subject's answer to the notice of {@code version}: accepted moves them to the new terms. */
    public void choose(String actor, String subjectId, String version, boolean accepted) {
        database.write(handle -> {
            int updated = handle.createUpdate("UPDATE policy_notice SET choice = :c, chosen_at = :t WHERE subject_id = "
                    + ":s AND version = :v").bind("c", accepted ? "accepted" : "declined")
                    .bind("t", clock.instant()).bind("s", subjectId).bind("v", version).execute();
            if (updated == 0) {
                throw new StewardException(ErrorCode.UNKNOWN_POLICY_VERSION, version);
            }
            changes.record(handle, dev.steward.changes.Change.POLICY, subjectId, "terms", accepted ? "accepted"
                    : "declined");
            return audit.append(handle, AuditEvent.of(actor, "policy.choice", subjectId, accepted ? "accepted"
                    : "declined", Map.of("version", version)));
        });
    }

    /** The terms a subject's latest notice left them on: its version if accepted, else the terms before it. */
    private static java.util.Optional<String> termsOf(org.jdbi.v3.core.Handle handle, String subject) {
        return handle.createQuery("SELECT version, previous_version, choice FROM policy_notice WHERE subject_id = "
                + ":s ORDER BY notified_at DESC LIMIT 1").bind("s", subject).map((rs, ctx) -> "accepted".equals(
                        rs.getString(3)) ? rs.getString(1) : rs.getString(2)).findOne();
    }

    private static String subjectLine(Policy next) {
        return next.meta().title().in("en") + ": a change that needs your choice / " + next.meta().title().in("zh-CN")
                + "：需要您作出选择的变更";
    }

    private static String body(Policy next, Plan plan, String subjectId, String kept) {
        StringBuilder text = new StringBuilder();
        text.append("Version ").append(plan.to()).append(" of our privacy notice changes how information we already ")
                .append("hold about you may be used. Until you choose, we keep to version ").append(kept)
                .append(" for it.\n\nThe changes that lower protection:\n");
        plan.changes().stream().filter(PolicyChange::material)
                .forEach(change -> text.append("  - ").append(change.path()).append(": ").append(change.description())
                        .append('\n'));
        text.append("\nTo accept: PUT /api/v1/subjects/").append(subjectId).append("/policy/").append(plan.to())
                .append(" {\"accepted\": true}; to keep the previous terms: {\"accepted\": false}.\n")
                .append("\n我们的隐私政策第 ").append(plan.to()).append(" 版改变了我们已持有的您的信息的使用方式。")
                .append("在您作出选择之前，我们对这些信息继续适用第 ").append(kept).append(" 版。\n");
        return text.toString();
    }

    /** A planned or completed activation: versions, every change, and the subjects who get a notice. */
    public record Plan(String from, String to, List<PolicyChange> changes, boolean material,
                       List<String> affectedSubjects) {
        public Plan {
            changes = List.copyOf(changes);
            affectedSubjects = List.copyOf(affectedSubjects);
        }
    }
}
