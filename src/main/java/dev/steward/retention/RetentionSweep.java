package dev.steward.retention;

import dev.steward.audit.AuditEvent;
import dev.steward.audit.AuditLog;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.Policy;
import dev.steward.policy.RetentionRule;
import dev.steward.policy.RetentionTrigger;
import dev.steward.store.Database;
import dev.steward.vault.Accounts;
import dev.steward.vault.Erasure;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One retention sweep. Closed accounts: when the grace period after closure has passed, the account's
 * ordinary data goes through the one deletion path ({@link Erasure}); when a legal hold's own period
 * has passed, that hold's records go and its key is destroyed. Rules triggered by collection or last
 * activity delete just their records. Last, the ciphertext rows erasures left behind are compacted.
 * Idempotent; a dry run reports the same without deleting. Thread-safe.
 */
public final class RetentionSweep {
    private final Database database;
    private final AuditLog audit;
    private final Erasure erasure;
    private final Supplier<Policy> policy;
    private final Clock clock;

    public RetentionSweep(Database database, AuditLog audit, Erasure erasure, Supplier<Policy> policy, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.erasure = erasure;
        this.policy = policy;
        this.clock = clock;
    }

    /** What a sweep did (or would do): subjects purged, and records deleted by rule and category. */
    public record Report(boolean dryRun, int subjectsPurged, Map<String, Map<String, Integer>> deleted) { }

    public Report run(String actor, boolean dryRun) {
        Policy current = policy.get();
        Instant now = clock.instant();
        Map<String, Map<String, Integer>> deleted = new TreeMap<>();
        int purged = 0;
        java.time.Period grace = Accounts.grace(current);
        List<Map<String, Object>> closed = database.jdbi().withHandle(handle -> handle.createQuery("SELECT id, "
                + "closed_at, erased_at FROM subject WHERE status = 'closed' AND closed_at IS NOT NULL ORDER BY id")
                .mapToMap().list());
        for (Map<String, Object> subject : closed) {
            String id = (String) subject.get("id");
            Instant closedAt = Instant.parse((String) subject.get("closed_at"));
            if (subject.get("erased_at") == null && !now.isBefore(after(closedAt, grace))) {
                Map<String, Integer> counts = counts(id, "default");
                merge(deleted, "account_closed", counts);
                if (!dryRun) {
                    erasure.erase(actor, id);
                }
                purged++;
            }
            for (RetentionRule rule : current.retention()) {
                if (rule.trigger() != RetentionTrigger.ACCOUNT_CLOSED || rule.hold().isEmpty()
                        || now.isBefore(after(closedAt, rule.duration()))) {
                    continue;
                }
                Map<String, Integer> counts = counts(id, rule.hold());
                if (counts.isEmpty()) {
                    continue;
                }
                merge(deleted, rule.id(), counts);
                if (!dryRun) {
                    erasure.destroyClass(actor, id, rule.hold());
                }
            }
        }
        for (RetentionRule rule : current.retention()) {
            if (rule.hold().isEmpty() && (rule.trigger() == RetentionTrigger.COLLECTED
                    || rule.trigger() == RetentionTrigger.LAST_ACTIVITY)) {
                expireRecords(actor, rule, now, dryRun, deleted);
            }
        }
        if (!dryRun) {
            erasure.compact();
        }
        Report report = new Report(dryRun, purged, deleted);
        if (!dryRun) {
            audit.append(AuditEvent.of(actor, "retention.sweep", null, "ok", Map.of("subjects_purged", purged,
                    "rules", deleted.keySet().stream().toList())));
        }
        return report;
    }

    /**
     * Deletes the rule's records whose period has run: counted from collection ({@code collected}) or
     * from the subject's last activity — the newest write to any of its records ({@code last_activity}).
     */
    private void expireRecords(String actor, RetentionRule rule, Instant now, boolean dryRun,
                               Map<String, Map<String, Integer>> deleted) {
        String cutoff = now.atOffset(ZoneOffset.UTC).minus(rule.duration()).toInstant().toString();
        List<String> categories = database.jdbi().withHandle(handle -> handle.createQuery("SELECT DISTINCT category "
                + "FROM personal_record WHERE key_class = 'default'").mapTo(String.class).list()).stream()
                .filter(category -> rule.categories().stream().anyMatch(CategoryKey.of(category)::isWithin))
                .toList();
        if (categories.isEmpty()) {
            return;
        }
        String expired = rule.trigger() == RetentionTrigger.COLLECTED ? "collected_at < :cutoff"
                : "subject_id IN (SELECT subject_id FROM personal_record GROUP BY subject_id HAVING MAX(updated_at) "
                        + "< :cutoff)";
        String where = "key_class = 'default' AND category IN (<categories>) AND " + expired;
        Map<String, Integer> counts = new TreeMap<>();
        database.jdbi().useHandle(handle -> handle.createQuery("SELECT category, COUNT(*) FROM personal_record WHERE "
                + where + " GROUP BY category").bindList("categories", categories).bind("cutoff", cutoff)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue())));
        if (counts.isEmpty()) {
            return;
        }
        merge(deleted, rule.id(), counts);
        if (dryRun) {
            return;
        }
        database.write(handle -> {
            handle.createUpdate("DELETE FROM record_archive WHERE key_class = 'default' AND record_id IN (SELECT id FROM "
                    + "personal_record WHERE " + where + ")").bindList("categories", categories).bind("cutoff", cutoff)
                    .execute();
            int rows = handle.createUpdate("DELETE FROM personal_record WHERE " + where)
                    .bindList("categories", categories).bind("cutoff", cutoff).execute();
            return audit.append(handle, AuditEvent.of(actor, "retention.expired", null, "ok", Map.of("rule", rule.id(),
                    "records", rows)));
        });
    }

    private Map<String, Integer> counts(String subjectId, String keyClass) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        database.jdbi().useHandle(handle -> handle.createQuery("SELECT category, COUNT(*) FROM personal_record WHERE "
                + "subject_id = :s AND key_class = :k GROUP BY category ORDER BY category").bind("s", subjectId)
                .bind("k", keyClass)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue())));
        return counts;
    }

    private static void merge(Map<String, Map<String, Integer>> into, String rule, Map<String, Integer> counts) {
        Map<String, Integer> byCategory = into.computeIfAbsent(rule, key -> new TreeMap<>());
        counts.forEach((category, count) -> byCategory.merge(category, count, Integer::sum));
    }

    private static Instant after(Instant start, java.time.Period period) {
        return start.atOffset(ZoneOffset.UTC).plus(period).toInstant();
    }
}
