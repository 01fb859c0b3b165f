package dev.steward.vault;

import dev.steward.audit.AuditEvent;
import dev.steward.audit.AuditLog;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.Policy;
import dev.steward.policy.RetentionRule;
import dev.steward.policy.RetentionTrigger;
import dev.steward.store.Database;
import dev.steward.store.Times;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Account lifecycle: closing (now, or at {@code effectiveAt} for events imported from elsewhere) and
 * reopening within the grace period the policy gives after closure (90 days in the reference policy),
 * after which the retention sweep deletes what no legal hold keeps. Thread-safe.
 */
public final class Accounts {
    private final Database database;
    private final AuditLog audit;
    private final Supplier<Policy> policy;
    private final Clock clock;
    private final dev.steward.changes.ChangeLog changes;

    public Accounts(Database database, AuditLog audit, Supplier<Policy> policy, Clock clock,
                    dev.steward.changes.ChangeLog changes) {
        this.database = database;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
        this.changes = changes;
    }

    public void close(String actor, String subjectId, Instant effectiveAt) {
        Instant at = Times.stored(effectiveAt == null ? clock.instant() : effectiveAt);
        if (at.isAfter(clock.instant())) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "effective_at", "it lies in the future");
        }
        database.write(handle -> {
            String status = status(handle, subjectId);
            if (!status.equals("active")) {
                throw new StewardException(ErrorCode.ACCOUNT_STATE, "the account is already closed");
            }
            handle.createUpdate("UPDATE subject SET status = 'closed', closed_at = :t WHERE id = :s")
                    .bind("t", at).bind("s", subjectId).execute();
            changes.record(handle, dev.steward.changes.Change.ACCOUNT, subjectId, "status", "closed");
            return audit.append(handle, AuditEvent.of(actor, "account.close", subjectId, "ok", Map.of("effective_at",
                    at.toString())));
        });
    }

    /** Reopens a closed account while the grace period lasts and nothing has been purged. */
    public void reopen(String actor, String subjectId) {
        database.write(handle -> {
            if (!status(handle, subjectId).equals("closed")) {
                throw new StewardException(ErrorCode.ACCOUNT_STATE, "the account is not closed");
            }
            Map<String, Object> row = handle.createQuery("SELECT closed_at, erased_at FROM subject WHERE id = :s")
                    .bind("s", subjectId).mapToMap().one();
            Instant closed = Times.of(row.get("closed_at"));
            Instant until = closed.atOffset(ZoneOffset.UTC).plus(grace(policy.get())).toInstant();
            if (row.get("erased_at") != null || !clock.instant().isBefore(until)) {
                throw new StewardException(ErrorCode.ACCOUNT_STATE, "the account can be reopened only until "
                        + until + " (the grace period after closure)");
            }
            handle.createUpdate("UPDATE subject SET status = 'active', closed_at = NULL WHERE id = :s")
                    .bind("s", subjectId).execute();
            changes.record(handle, dev.steward.changes.Change.ACCOUNT, subjectId, "status", "active");
            return audit.append(handle, AuditEvent.of(actor, "account.reopen", subjectId, "ok", Map.of()));
        });
    }

    /** The longest period the policy keeps an account's ordinary data after closure (no hold). */
    public static Period grace(Policy policy) {
        return policy.retention().stream()
                .filter(rule -> rule.trigger() == RetentionTrigger.ACCOUNT_CLOSED && rule.hold().isEmpty())
                .map(RetentionRule::duration).max((a, b) -> Long.compare(days(a), days(b))).orElse(Period.ZERO);
    }

    /** A period in days, for comparing periods only (a month counts 31 days, a year 366). */
    public static long days(Period period) {
        return period.getYears() * 366L + period.getMonths() * 31L + period.getDays();
    }

    private static String status(org.jdbi.v3.core.Handle handle, String subjectId) {
        Optional<String> status = handle.createQuery("SELECT status FROM subject WHERE id = :s").bind("s", subjectId)
                .mapTo(String.class).findOne();
        return status.orElseThrow(() -> new StewardException(ErrorCode.UNKNOWN_SUBJECT, subjectId));
    }
}
