package dev.steward.consent;

import dev.steward.audit.AuditEvent;
import dev.steward.audit.AuditLog;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.Policy;
import dev.steward.store.Database;
import dev.steward.store.Times;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * The consent and preference ledger. Every choice is appended to the history with its method,
 * notice version and time, and the current value is kept beside it for fast reads; a withdrawal
 * takes effect for every later decision. A Global Privacy Control signal records opt-outs but never
 * overrides a later explicit choice in the other direction. Thread-safe.
 */
public final class Choices {
    private final Database database;
    private final AuditLog audit;
    private final Supplier<Policy> policy;
    private final Clock clock;
    private final dev.steward.changes.ChangeLog changes;

    /** Each change is recorded in {@code changes}, in its transaction (caches on every node follow it). */
    public Choices(Database database, AuditLog audit, Supplier<Policy> policy, Clock clock,
                   dev.steward.changes.ChangeLog changes) {
        this.database = database;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
        this.changes = changes;
    }

    /** Records a choice made by the subject (or for it); returns the current value afterwards. */
    public Choice set(String actor, String subjectId, String name, String value, ChoiceMethod method,
                      String noticeVersion) {
        ChoiceNames.check(policy.get(), name, value);
        String version = noticeVersion == null || noticeVersion.isBlank() ? policy.get().meta().version()
                : noticeVersion;
        Choice result = database.write(handle -> {
            requireWritable(handle, subjectId);
            Choice choice = new Choice(name, value, method, version, Times.stored(clock.instant()).toString());
            store(handle, subjectId, choice, true);
            changes.choice(handle, subjectId, name, value);
            audit.append(handle, new AuditEvent(actor, "choice.set", subjectId, null, "ok", Map.of("name", name,
                    "value", value, "method", method.key())));
            return choice;
        });
        return result;
    }

    /**
     * Applies a Global Privacy Control signal: each mapped opt-out ({@code names}) is set to true. An
     * explicit opt-in made before any GPC signal is overridden (the signal is a valid opt-out, CCPA
     * regulations §7025(c)(3)); an explicit opt-in made after a GPC signal was already recorded is a
     * later choice in the other direction, and stands against further signals.
     */
    public List<Choice> applyGpc(String actor, String subjectId, List<String> names) {
        List<Choice> applied = database.write(handle -> {
            requireWritable(handle, subjectId);
            List<Choice> result = new ArrayList<>();
            for (String name : names) {
                Optional<Choice> current = current(handle, subjectId, name);
                boolean explicitOptIn = current.isPresent() && current.get().value().equals("false")
                        && current.get().method() != ChoiceMethod.GPC
                        && gpcSeenBefore(handle, subjectId, name, current.get().at());
                Choice signal = new Choice(name, "true", ChoiceMethod.GPC, policy.get().meta().version(),
                        Times.stored(clock.instant()).toString());
                store(handle, subjectId, signal, !explicitOptIn);
                if (!explicitOptIn) {
                    changes.choice(handle, subjectId, name, "true");
                }
                result.add(explicitOptIn ? current.get() : signal);
                audit.append(handle, new AuditEvent(actor, "choice.gpc", subjectId, null, explicitOptIn
                        ? "kept_explicit_choice" : "ok", Map.of("name", name)));
            }
            return result;
        });
        return applied;
    }

    public List<Choice> current(String subjectId) {
        return database.jdbi().withHandle(handle -> {
            requireSubject(handle, subjectId);
            return handle.createQuery("SELECT * FROM choice WHERE subject_id = :s ORDER BY name").bind("s", subjectId)
                    .map((rs, ctx) -> new Choice(rs.getString("name"), rs.getString("value"),
                            ChoiceMethod.parse(rs.getString("method")).orElseThrow(), rs.getString("notice_version"),
                            Times.text(rs.getObject("at")))).list();
        });
    }

    public List<ChoiceEvent> history(String subjectId) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT * FROM choice_event WHERE subject_id "
                + "= :s ORDER BY id").bind("s", subjectId).map((rs, ctx) -> new ChoiceEvent(rs.getLong("id"),
                        rs.getString("name"), rs.getString("value"), ChoiceMethod.parse(rs.getString("method"))
                        .orElseThrow(), rs.getString("notice_version"), Times.text(rs.getObject("at")), rs.getBoolean("applied")))
                .list());
    }

    private static boolean gpcSeenBefore(Handle handle, String subjectId, String name, String at) {
        return handle.createQuery("SELECT COUNT(*) FROM choice_event WHERE subject_id = :s AND name = :n AND method = "
                + "'gpc' AND at <= :at").bind("s", subjectId).bind("n", name).bind("at", java.time.Instant.parse(at)).mapTo(Integer.class)
                .one() > 0;
    }

    private Optional<Choice> current(Handle handle, String subjectId, String name) {
        return handle.createQuery("SELECT * FROM choice WHERE subject_id = :s AND name = :n").bind("s", subjectId)
                .bind("n", name).map((rs, ctx) -> new Choice(rs.getString("name"), rs.getString("value"),
                        ChoiceMethod.parse(rs.getString("method")).orElseThrow(), rs.getString("notice_version"),
                        Times.text(rs.getObject("at")))).findOne();
    }

    private void store(Handle handle, String subjectId, Choice choice, boolean apply) {
        handle.createUpdate("INSERT INTO choice_event (subject_id, name, value, method, notice_version, at, applied) "
                + "VALUES (:s, :n, :v, :m, :nv, :at, :ap)").bind("s", subjectId).bind("n", choice.name())
                .bind("v", choice.value()).bind("m", choice.method().key()).bind("nv", choice.noticeVersion())
                .bind("at", java.time.Instant.parse(choice.at())).bind("ap", apply).execute();
        if (apply) {
            handle.createUpdate("DELETE FROM choice WHERE subject_id = :s AND name = :n").bind("s", subjectId)
                    .bind("n", choice.name()).execute();
            handle.createUpdate("INSERT INTO choice (subject_id, name, value, method, notice_version, at) VALUES (:s, "
                    + ":n, :v, :m, :nv, :at)").bind("s", subjectId).bind("n", choice.name()).bind("v", choice.value())
                    .bind("m", choice.method().key()).bind("nv", choice.noticeVersion()).bind("at", java.time.Instant.parse(choice.at()))
                    .execute();
        }
    }

    private static void requireSubject(Handle handle, String subjectId) {
        boolean exists = handle.createQuery("SELECT COUNT(*) FROM subject WHERE id = :id").bind("id", subjectId)
                .mapTo(Integer.class).one() > 0;
        if (!exists) {
            throw new StewardException(ErrorCode.UNKNOWN_SUBJECT, subjectId);
        }
    }

    /** Choices are recorded for people Steward still holds data of: an erased subject takes none. */
    private static void requireWritable(Handle handle, String subjectId) {
        requireSubject(handle, subjectId);
        boolean erased = handle.createQuery("SELECT COUNT(*) FROM subject WHERE id = :id AND erased_at IS NOT NULL")
                .bind("id", subjectId).mapTo(Integer.class).one() > 0;
        if (erased) {
            throw new StewardException(ErrorCode.ACCOUNT_STATE, "the subject was erased; only what a legal hold keeps "
                    + "remains, and it takes no choices");
        }
    }
}
