package dev.steward.retention;

import dev.steward.audit.AuditEvent;
import dev.steward.audit.AuditLog;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.Policy;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.RetentionRule;
import dev.steward.policy.RetentionTrigger;
import dev.steward.store.Database;
import dev.steward.store.Times;
import dev.steward.vault.Accounts;
import dev.steward.vault.Erasure;
import dev.steward.vault.ErasureJournal;
import dev.steward.vault.LegalHolds;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One retention sweep. Closed accounts: when the grace period after closure has passed, the account's
 * ordinary data goes through the one deletion path ({@link Erasure}); when a legal hold's own period
 * has passed, that hold's records go and its key is destroyed. Rules triggered by collection, last
 * activity, a withdrawn consent or a completed request delete just their records (journaled one by one).
 * Legal holds whose end has passed are released first. Last, the ciphertext rows erasures left behind
 * are compacted.
 * Idempotent; a dry run reports the same without deleting. Thread-safe.
 */
public final class RetentionSweep {
    /** Records deleted (and journaled) per transaction. */
    private static final int BATCH = 500;
    /** Accounts purged in one transaction (and one journal write). */
    private static final int PURGE_BATCH = 2000;
    private final java.util.function.Consumer<Report> reported;
    private final java.util.concurrent.atomic.AtomicLong visited = new java.util.concurrent.atomic.AtomicLong();
    private final Database database;
    private final AuditLog audit;
    private final Erasure erasure;
    private final SubjectErasure deleter;
    private final LegalHolds holds;
    private final Supplier<Policy> policy;
    private final Clock clock;
    /** A sweep that deletes runs once at a time across every node and process sharing the database. */
    private final dev.steward.jobs.Leases leases;

    public RetentionSweep(Database database, AuditLog audit, Erasure erasure, SubjectErasure deleter, LegalHolds holds,
                          Supplier<Policy> policy,
                          Clock clock) {
        this(database, audit, erasure, deleter, holds, policy, clock, report -> { });
    }

    /** A sweep that hands each run's report to {@code reported} (for metrics). */
    public RetentionSweep(Database database, AuditLog audit, Erasure erasure, SubjectErasure deleter, LegalHolds holds,
                          Supplier<Policy> policy, Clock clock, java.util.function.Consumer<Report> reported) {
        this.reported = reported;
        this.database = database;
        this.holds = holds;
        this.audit = audit;
        this.erasure = erasure;
        this.deleter = deleter;
        this.policy = policy;
        this.clock = clock;
        this.leases = new dev.steward.jobs.Leases(database, clock);
    }

    /**
     * What a sweep did (or would do): legal holds released because their end passed, subjects purged, and
     * records deleted by rule and category. A dry run names the holds it would release but releases none,
     * so its counts are as if they stayed.
     */
    public record Report(boolean dryRun, List<String> holdsReleased, int subjectsPurged,
                         Map<String, Map<String, Integer>> deleted, List<String> purgesDeferred) {
        public Report {
            holdsReleased = List.copyOf(holdsReleased);
            purgesDeferred = List.copyOf(purgesDeferred);
        }
    }

    /** How many closed or erased accounts the sweeps of this instance have visited (for progress lines). */
    public long visited() {
        return visited.get();
    }

    /**
     * One sweep. One that deletes holds the {@code retention} lease for its whole run: started while
     * another runs (on any node, or the CLI), it throws {@code job_running} and changes nothing. A dry run
     * only reads and needs no lease.
     */
    public Report run(String actor, boolean dryRun) {
        return dryRun ? sweep(actor, true) : leases.exclusively("retention", "retention sweep", () -> sweep(actor, false));
    }

    private Report sweep(String actor, boolean dryRun) {
        Policy current = policy.get();
        Instant now = clock.instant();
        // Holds whose end has passed go first, so what they kept meets its own rules in this same sweep.
        List<String> released = dryRun ? holds.ended() : holds.releaseEnded(actor).stream()
                .map(release -> release.hold().id()).toList();
        Map<String, Map<String, Integer>> deleted = new TreeMap<>();
        int purged = 0;
        List<String> deferred = new ArrayList<>();
        java.time.Period grace = Accounts.grace(current);
        // Closed accounts, and erased subjects while a policy hold still keeps some of their records: an
        // erasure ends the relationship as a closure does, so hold periods count from it when no closure came first.
        List<Map<String, Object>> closed = database.jdbi().withHandle(handle -> handle.createQuery("SELECT s.id, "
                + "s.closed_at, s.erased_at FROM subject s WHERE ((s.status = 'closed' AND s.closed_at IS NOT NULL) OR "
                + "s.erased_at IS NOT NULL) AND (s.erased_at IS NULL OR EXISTS (SELECT 1 FROM personal_record r WHERE "
                + "r.subject_id = s.id AND r.key_class <> 'default' AND r.key_class NOT LIKE 'legal.%')) ORDER BY s.id")
                .mapToMap().list());
        // Accounts past their grace period are purged a batch at a time: one transaction and one journal
        // write for the whole batch (ciphertext rows included), each subject still with its own result,
        // audit entry and change.
        List<String> due = new ArrayList<>();
        for (Map<String, Object> subject : closed) {
            String id = (String) subject.get("id");
            if (subject.get("erased_at") == null && !now.isBefore(after(closedAt(subject), grace))) {
                if (dryRun) {
                    merge(deleted, "account_closed", counts(id, "default"));
                    purged++;
                } else {
                    due.add(id);
                }
            } else {
                visited.incrementAndGet();
            }
        }
        for (int from = 0; from < due.size(); from += PURGE_BATCH) {
            List<String> batch = due.subList(from, Math.min(due.size(), from + PURGE_BATCH));
            // The one deleter reaches the external stores and processors, then the vault, whose erasure
            // reports what it made unreadable; a subject whose store is down stays as it is for the next sweep.
            SubjectErasure.Batch done = deleter.eraseAll(actor, batch);
            done.erased().values().forEach(outcome -> merge(deleted, "account_closed", outcome.vault().erased()));
            purged += done.erased().size();
            deferred.addAll(done.deferred());
            visited.addAndGet(batch.size());
        }
        // Policy holds counted from the closure end on their own; only subjects holding such a class are looked at.
        java.util.Set<String> withClass = new java.util.HashSet<>(database.read(handle -> handle.createQuery("SELECT "
                + "subject_id || ' ' || key_class FROM subject_key WHERE key_class <> 'default' AND key_class NOT LIKE "
                + "'legal.%'").mapTo(String.class).list()));
        java.util.Set<String> skipped = new java.util.HashSet<>(deferred);
        for (Map<String, Object> subject : closed) {
            String id = (String) subject.get("id");
            if (skipped.contains(id)) {
                continue;
            }
            Instant closedAt = closedAt(subject);
            for (RetentionRule rule : current.retention()) {
                if (rule.trigger() != RetentionTrigger.ACCOUNT_CLOSED || rule.hold().isEmpty()
                        || now.isBefore(after(closedAt, rule.duration())) || !withClass.contains(id + " " + rule.hold())) {
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
        List<CategoryKey> present = database.jdbi().withHandle(handle -> handle.createQuery("SELECT DISTINCT "
                + "category FROM personal_record").mapTo(String.class).list()).stream().map(CategoryKey::of).toList();
        for (RetentionRule rule : current.retention()) {
            // A closure rule shorter than the grace period deletes its categories early (content after 30
            // days while other account data waits for 90); at the end of the grace the subject is erased.
            boolean earlyClosure = rule.trigger() == RetentionTrigger.ACCOUNT_CLOSED
                    && Accounts.days(rule.duration()) < Accounts.days(grace);
            // Rules counted from anything but closure apply record by record, to ordinary records or, for a
            // rule with a hold, to the records sealed under that hold.
            if (rule.trigger() != RetentionTrigger.ACCOUNT_CLOSED || (rule.hold().isEmpty() && earlyClosure)) {
                expireRecords(actor, rule, present, now, dryRun, deleted);
            }
        }
        expireArchive(actor, current, now, dryRun, deleted);
        if (!dryRun) {
            erasure.compact();
        }
        Report report = new Report(dryRun, released, purged, deleted, deferred);
        if (!dryRun) {
            audit.append(AuditEvent.of(actor, "retention.sweep", null, "ok", Map.of("subjects_purged", purged,
                    "holds_released", released.size(), "rules", deleted.keySet().stream().toList(),
                    "purges_deferred", deferred.size())));
        }
        reported.accept(report);
        return report;
    }

    /**
     * Deletes archived earlier versions older than the policy's {@code archive.keep} (reported under
     * {@code archive}); with no keep period nothing is archived and nothing is deleted here. Times are
     * compared as instants.
     */
    private void expireArchive(String actor, Policy current, Instant now, boolean dryRun,
                               Map<String, Map<String, Integer>> deleted) {
        if (current.archive().keep().isZero()) {
            return;
        }
        Instant cutoff = now.atOffset(ZoneOffset.UTC).minus(current.archive().keep()).toInstant();
        record Archived(String subject, String record, int version, String category) { }
        List<Archived> expired = database.read(handle -> handle.createQuery("SELECT subject_id, record_id, version, "
                + "category FROM record_archive WHERE archived_at < :cutoff").bind("cutoff", cutoff)
                .map((rs, ctx) -> new Archived(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4))).list());
        if (expired.isEmpty()) {
            return;
        }
        Map<String, Integer> counts = new TreeMap<>();
        expired.forEach(item -> counts.merge(item.category(), 1, Integer::sum));
        merge(deleted, "archive", counts);
        if (dryRun) {
            return;
        }
        for (int from = 0; from < expired.size(); from += 500) {
            List<Archived> batch = expired.subList(from, Math.min(expired.size(), from + 500));
            database.write(handle -> {
                for (Archived item : batch) {
                    handle.createUpdate("DELETE FROM record_archive WHERE subject_id = :s AND record_id = :r AND "
                            + "version = :v").bind("s", item.subject()).bind("r", item.record())
                            .bind("v", item.version()).execute();
                }
                return audit.append(handle, AuditEvent.of(actor, "retention.archive_expired", null, "ok",
                        Map.of("versions", batch.size())));
            });
        }
    }

    /**
     * Deletes the rule's records whose period has run, counted per trigger: from collection
     * ({@code collected}); from the subject's last activity, the newest write to any of its records
     * ({@code last_activity}); from the withdrawal of consent to every purpose the record is kept for
     * ({@code consent_withdrawn}); from the completion of a request of the subject, for records collected
     * before it ({@code request_completed}). A record goes only when the rule covers all its purposes.
     * Candidates are the ordinary (default) records, or for a rule with a hold the records sealed under it.
     */
    private void expireRecords(String actor, RetentionRule rule, List<CategoryKey> present, Instant now,
                               boolean dryRun, Map<String, Map<String, Integer>> deleted) {
        Instant cutoff = now.atOffset(ZoneOffset.UTC).minus(rule.duration()).toInstant();
        List<String> categories = present.stream()
                .filter(category -> rule.categories().stream().anyMatch(category::isWithin))
                .map(CategoryKey::value).toList();
        if (categories.isEmpty()) {
            return;
        }
        String expired = switch (rule.trigger()) {
            case COLLECTED -> "r.collected_at < :cutoff";
            case LAST_ACTIVITY -> "r.subject_id IN (SELECT subject_id FROM personal_record GROUP BY subject_id "
                    + "HAVING MAX(updated_at) < :cutoff)";
            case CONSENT_WITHDRAWN -> "r.subject_id IN (SELECT subject_id FROM choice WHERE name LIKE 'consent.%' "
                    + "AND value = 'withdrawn' AND at < :cutoff)";
            case REQUEST_COMPLETED -> "EXISTS (SELECT 1 FROM dsr_request d WHERE d.subject_id = r.subject_id AND "
                    + "d.status IN ('completed', 'partially_completed') AND d.completed_at < :cutoff "
                    + "AND r.collected_at <= d.completed_at)";
            case ACCOUNT_CLOSED -> "r.subject_id IN (SELECT id FROM subject WHERE status = 'closed' AND erased_at IS "
                    + "NULL AND closed_at < :cutoff)";
        };
        Map<String, Set<String>> withdrawn = rule.trigger() == RetentionTrigger.CONSENT_WITHDRAWN
                ? withdrawnBefore(cutoff) : Map.of();
        Set<String> rulePurposes = rule.purposes().stream().map(PurposeKey::value).collect(Collectors.toSet());
        String keyClass = rule.hold().isEmpty() ? "default" : rule.hold();
        List<ErasureJournal.RecordRef> records = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        database.jdbi().useHandle(handle -> handle.createQuery("SELECT r.subject_id, r.id, r.category, r.purposes FROM "
                + "personal_record r WHERE r.key_class = :class AND r.category IN (<categories>) AND " + expired)
                .bind("class", keyClass).bindList("categories", categories).bind("cutoff", cutoff)
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                .forEach(row -> {
                    List<String> purposes = List.of(row[3].split(","));
                    // Under a hold the class decides; otherwise the rule must cover every purpose of the record.
                    boolean covered = !rule.hold().isEmpty() || rulePurposes.isEmpty()
                            || rulePurposes.containsAll(purposes);
                    if (covered && (rule.trigger() != RetentionTrigger.CONSENT_WITHDRAWN
                            || withdrawn.getOrDefault(row[0], Set.of()).containsAll(purposes))) {
                        records.add(new ErasureJournal.RecordRef(row[0], row[1]));
                        counts.merge(row[2], 1, Integer::sum);
                    }
                }));
        if (records.isEmpty()) {
            return;
        }
        merge(deleted, rule.id(), counts);
        if (dryRun) {
            return;
        }
        for (int from = 0; from < records.size(); from += BATCH) {
            erasure.deleteRecords(actor, rule.id(), records.subList(from, Math.min(records.size(), from + BATCH)));
        }
    }

    /** Per subject, the purposes whose consent is withdrawn and was withdrawn before {@code cutoff}. */
    private Map<String, Set<String>> withdrawnBefore(Instant cutoff) {
        Map<String, Set<String>> withdrawn = new HashMap<>();
        database.jdbi().useHandle(handle -> handle.createQuery("SELECT subject_id, name FROM choice WHERE name LIKE "
                + "'consent.%' AND value = 'withdrawn' AND at < :cutoff")
                .bind("cutoff", cutoff)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2).substring("consent.".length())))
                .forEach(entry -> withdrawn.computeIfAbsent(entry.getKey(), key -> new HashSet<>())
                        .add(entry.getValue())));
        return withdrawn;
    }

    /** When the relationship ended: the closure, or the erasure when no closure came first. */
    private static Instant closedAt(Map<String, Object> subject) {
        return Times.of(subject.get("closed_at") != null ? subject.get("closed_at") : subject.get("erased_at"));
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
