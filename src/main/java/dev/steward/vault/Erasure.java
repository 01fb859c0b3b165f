package dev.steward.vault;

import dev.steward.audit.AuditEvent;
import dev.steward.audit.AuditLog;
import dev.steward.crypto.KeyRing;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.Policy;
import dev.steward.store.Database;
import dev.steward.store.HotStatements;
import dev.steward.store.Times;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one deletion path for a subject: records, archived versions, identities and current choices go,
 * and the subject's default key is destroyed, so any copy of that ciphertext (a backup, a replica) is
 * unreadable. Data under a legal hold stays, under its own key, and is named in the result with the
 * hold. Thread-safe.
 */
public final class Erasure {
    private static final String DEFAULT_CLASS = "default";
    private static final int RECORD_BATCH = 500;
    private static final int COMPACTION_PAGE = 1_000;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final Database database;
    private final KeyRing keys;
    private final AuditLog audit;
    private final ErasureJournal journal;
    private final Supplier<Policy> policy;
    private final Clock clock;
    private final dev.steward.changes.ChangeLog changes;

    public Erasure(Database database, KeyRing keys, AuditLog audit, ErasureJournal journal, Supplier<Policy> policy,
                   Clock clock, dev.steward.changes.ChangeLog changes) {
        this.database = database;
        this.keys = keys;
        this.audit = audit;
        this.journal = journal;
        this.policy = policy;
        this.clock = clock;
        this.changes = changes;
    }

    /** What was erased (records by category) and what a hold keeps (by hold, with its categories). */
    public record Result(Map<String, Integer> erased, List<Retained> retained) {
        public Result {
            erased = Map.copyOf(erased);
            retained = List.copyOf(retained);
        }
    }

    /** Records kept under a legal hold. */
    public record Retained(String hold, String reason, List<String> categories, int records) {
        public Retained {
            categories = List.copyOf(categories);
        }
    }

    public Result erase(String actor, String subjectId) {
        return erase(actor, subjectId, true);
    }

    private Result erase(String actor, String subjectId, boolean record) {
        Result result = database.write(handle -> {
            Subjects.requireExists(handle, subjectId);
            Result erased = eraseIn(handle, actor, List.of(subjectId), record, false).get(subjectId);
            // its unreadable rows wait for the next compaction, which visits only what is named here
            handle.createUpdate("INSERT INTO compaction_pending (subject_id) VALUES (:s) ON CONFLICT (subject_id) DO "
                    + "NOTHING").bind("s", subjectId).execute();
            return erased;
        });
        keys.evict(subjectId);
        return result;
    }

    /**
     * Erases many subjects in one transaction, with one journal write for all of them (the retention sweep's
     * purge): each as {@link #erase} does it alone, with its own result, audit entry and change. Subjects
     * that do not exist are left out of the answer.
     */
    public Map<String, Result> eraseAll(String actor, List<String> subjectIds) {
        if (subjectIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Result> results = database.write(handle -> {
            List<String> ids = handle.createQuery("SELECT id FROM subject WHERE id IN (<s>) ORDER BY id")
                    .bindList("s", subjectIds).mapTo(String.class).list();
            // a batch has no one waiting on it: its unreadable rows go in the same transaction, not in a later one
            Map<String, Result> erased = eraseIn(handle, actor, ids, true, true);
            if (!ids.isEmpty()) {
                // one of them erased alone before and not compacted yet has nothing left to compact
                handle.createUpdate("DELETE FROM compaction_pending WHERE subject_id IN (<s>)").bindList("s", ids)
                        .execute();
            }
            return erased;
        });
        results.keySet().forEach(keys::evict);
        return results;
    }

    /**
     * Erases {@code ids} in the caller's transaction. With {@code deleteNow} the default-class rows are
     * deleted here, and the deletion itself reports what it took (one pass over the rows instead of a count
     * and then a delete); without it they are only made unreadable and left to {@link #compact}.
     */
    private Map<String, Result> eraseIn(org.jdbi.v3.core.Handle handle, String actor, List<String> ids, boolean record,
                                        boolean deleteNow) {
        Map<String, Result> results = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return results;
        }
        java.time.Instant now = clock.instant();
        if (record) {
            journal.appendAll(handle, ids, DEFAULT_CLASS, now);
        }
        Map<String, Map<String, Integer>> erased = new java.util.HashMap<>();
        java.util.Set<String> holding = new java.util.HashSet<>();
        if (deleteNow) {
            handle.createUpdate("DELETE FROM record_archive WHERE key_class = 'default' AND subject_id IN (<s>)")
                    .bindList("s", ids).execute();
            handle.createQuery("DELETE FROM personal_record WHERE key_class = 'default' AND subject_id IN (<s>) "
                    + "RETURNING subject_id, category").bindList("s", ids)
                    .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                    .forEach(row -> erased.computeIfAbsent(row[0], key -> new TreeMap<>()).merge(row[1], 1, Integer::sum));
            // records under another class are sealed with that class's key: a subject without one holds none
            holding.addAll(handle.createQuery("SELECT DISTINCT subject_id FROM subject_key WHERE subject_id IN (<s>) "
                    + "AND key_class <> 'default'").bindList("s", ids).mapTo(String.class).list());
        } else {
            // one pass over the subjects' records: default-class counts by category, and which subjects hold
            // records under another key class (only those have holds to weigh and report)
            handle.createQuery("SELECT subject_id, key_class = 'default', category, COUNT(*) FROM personal_record "
                    + "WHERE subject_id IN (<s>) GROUP BY subject_id, key_class = 'default', category").bindList("s", ids)
                    .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getInt(4)})
                    .forEach(row -> {
                        if ((Boolean) row[1]) {
                            erased.computeIfAbsent((String) row[0], key -> new TreeMap<>()).put((String) row[2],
                                    (Integer) row[3]);
                        } else {
                            holding.add((String) row[0]);
                        }
                    });
        }
        for (String subjectId : ids) {
            Map<String, Integer> counts = erased.computeIfAbsent(subjectId, key -> new TreeMap<>());
            List<Retained> retained = List.of();
            if (holding.contains(subjectId)) {
                dropUnneededHolds(handle, policy.get(), record ? journal : null, clock, subjectId)
                        .forEach((category, count) -> counts.merge(category, count, Integer::sum));
                retained = retained(handle, subjectId);
            }
            keys.evictAround(handle, subjectId);
            results.put(subjectId, new Result(counts, retained));
        }
        // Destroying the keyset is what erases: the ciphertext left behind is unreadable from this
        // commit on, in this database and in every copy. Its rows are swept later ({@link #compact}),
        // so erasing 10,000 records costs what erasing 10 does.
        // Choices and their history go with the person; so does the keyed hash of the identifier their
        // requests were made with (the requests stay, as the record of what was asked and done).
        for (String sql : List.of("DELETE FROM identity WHERE subject_id IN (<s>)",
                "DELETE FROM choice WHERE subject_id IN (<s>)",
                "DELETE FROM choice_event WHERE subject_id IN (<s>)",
                "UPDATE dsr_request SET identity_index = 'erased' WHERE subject_id IN (<s>)",
                "DELETE FROM subject_key WHERE subject_id IN (<s>) AND key_class = 'default'")) {
            handle.createUpdate(sql).bindList("s", ids).execute();
        }
        handle.createUpdate("UPDATE subject SET birth_date_ct = NULL, erased_at = :t WHERE id IN (<s>)")
                .bind("t", now).bindList("s", ids).execute();
        String upsert = " ON CONFLICT (subject_id) DO UPDATE SET erased_at = excluded.erased_at, "
                + "erased_by = excluded.erased_by, result = excluded.result";
        if (database.isPostgres()) {
            // one statement for the lot (the map's keys are distinct, so no row is upserted twice in it)
            List<String> subjects = new ArrayList<>(results.keySet());
            List<String> recorded = subjects.stream().map(subjectId -> json(results.get(subjectId))).toList();
            HotStatements.execute(handle, "INSERT INTO erasure_record (subject_id, erased_at, erased_by, result) "
                    + "SELECT s, ?::timestamptz, ?::text, r FROM unnest(?::text[], ?::text[]) AS u(s, r)" + upsert,
                    now, actor,
                    HotStatements.textArray(handle, subjects), HotStatements.textArray(handle, recorded));
        } else {
            org.jdbi.v3.core.statement.PreparedBatch certificates = handle.prepareBatch("INSERT INTO erasure_record "
                    + "(subject_id, erased_at, erased_by, result) VALUES (:s, :t, :by, :r)" + upsert);
            results.forEach((subjectId, done) -> certificates.bind("s", subjectId).bind("t", now).bind("by", actor)
                    .bind("r", json(done)).add());
            certificates.execute();
        }
        changes.recordAll(handle, dev.steward.changes.Change.ERASURE, ids, "subject", null);
        List<AuditEvent> entries = new ArrayList<>(results.size());
        results.forEach((subjectId, done) -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("erased_records", done.erased().values().stream().mapToInt(Integer::intValue).sum());
            detail.put("retained_holds", done.retained().stream().map(Retained::hold).toList());
            entries.add(AuditEvent.of(actor, "subject.erase", subjectId, "ok", detail));
        });
        audit.appendAll(handle, entries);
        return results;
    }

    /** A subject's erasure as recorded: when, by whom, and the result as JSON; empty when not erased. */
    public record Recorded(String subjectId, String erasedAt, String erasedBy, String result) { }

    public java.util.Optional<Recorded> recorded(String subjectId) {
        return database.jdbi().withHandle(handle -> {
            Subjects.requireExists(handle, subjectId);
            return handle.createQuery("SELECT subject_id, erased_at, erased_by, result FROM erasure_record WHERE "
                    + "subject_id = :s").bind("s", subjectId)
                    .map((rs, ctx) -> new Recorded(rs.getString(1), Times.text(rs.getObject(2)), rs.getString(3), rs.getString(4)))
                    .findOne();
        });
    }

    private static String json(Result result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("erased", new TreeMap<>(result.erased()));
        List<Map<String, Object>> retained = new ArrayList<>();
        for (Retained held : result.retained()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("hold", held.hold());
            item.put("reason", held.reason());
            item.put("categories", held.categories());
            item.put("records", held.records());
            retained.add(item);
        }
        body.put("retained", retained);
        try {
            return JSON.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("erasure result", e);
        }
    }

    /**
     * Deletes the unreadable rows that subjects erased one at a time left behind (their keyset is already
     * gone), a page of subjects per transaction, and forgets them: a compaction visits only what was erased
     * since the last one. Returns the rows deleted. Run by the retention sweep.
     */
    public int compact() {
        int total = 0;
        while (true) {
            Integer deleted = database.write(handle -> {
                List<String> subjects = handle.createQuery("SELECT subject_id FROM compaction_pending ORDER BY "
                        + "subject_id LIMIT " + COMPACTION_PAGE).mapTo(String.class).list();
                if (subjects.isEmpty()) {
                    return null;
                }
                // only what no key can read any more: erased, and the default key gone
                String unreadable = "SELECT s.id FROM subject s WHERE s.id IN (<s>) AND s.erased_at IS NOT NULL AND "
                        + "NOT EXISTS (SELECT 1 FROM subject_key k WHERE k.subject_id = s.id AND k.key_class = 'default')";
                handle.createUpdate("DELETE FROM record_archive WHERE key_class = 'default' AND subject_id IN ("
                        + unreadable + ")").bindList("s", subjects).execute();
                int rows = handle.createUpdate("DELETE FROM personal_record WHERE key_class = 'default' AND subject_id "
                        + "IN (" + unreadable + ")").bindList("s", subjects).execute();
                handle.createUpdate("DELETE FROM compaction_pending WHERE subject_id IN (<s>)").bindList("s", subjects)
                        .execute();
                return rows;
            });
            if (deleted == null) {
                return total;
            }
            total += deleted;
        }
    }

    /** Deletes one key class of a subject (a legal hold whose period is over) and destroys that class's key. */
    public void destroyClass(String actor, String subjectId, String keyClass) {
        destroyClass(actor, subjectId, keyClass, true);
    }

    private void destroyClass(String actor, String subjectId, String keyClass, boolean record) {
        database.write(handle -> {
            if (record) {
                journal.append(handle, subjectId, keyClass, clock.instant());
            }
            keys.evictAround(handle, subjectId);
            deleteClass(handle, subjectId, keyClass);
            changes.record(handle, dev.steward.changes.Change.ERASURE, subjectId, "key_class", keyClass);
            return audit.append(handle, AuditEvent.of(actor, "retention.hold_expired", subjectId, "ok",
                    Map.of("hold", keyClass)));
        });
        keys.evict(subjectId);
    }

    /**
     * Deletes single records a retention rule has expired (their subject's key stays, for the rest): the
     * journal names each one first, so a restored backup loses them again. Returns the rows deleted.
     */
    public int deleteRecords(String actor, String rule, List<ErasureJournal.RecordRef> records) {
        if (records.isEmpty()) {
            return 0;
        }
        return database.write(handle -> {
            journal.appendRecords(handle, records, clock.instant());
            int rows = deleteRows(handle, records);
            audit.append(handle, AuditEvent.of(actor, "retention.expired", null, "ok", Map.of("rule", rule,
                    "records", rows)));
            return rows;
        });
    }

    /**
     * Deletes one piece of information at the subject's (or an operator's) request: the record and its
     * archived versions, journaled first so a restored backup loses it again. A record a hold keeps (a
     * legal hold, or a policy hold such as the tax records) is refused with the hold's reason.
     */
    public void deleteRecord(String actor, String subjectId, String recordId) {
        database.write(handle -> {
            Subjects.requireExists(handle, subjectId);
            String keyClass = handle.createQuery("SELECT key_class FROM personal_record WHERE subject_id = :s AND id = "
                    + ":r").bind("s", subjectId).bind("r", recordId).mapTo(String.class).findOne()
                    .orElseThrow(() -> new StewardException(ErrorCode.UNKNOWN_RECORD, recordId));
            if (!DEFAULT_CLASS.equals(keyClass)) {
                throw new StewardException(ErrorCode.RECORD_HELD, reason(handle, keyClass));
            }
            journal.appendRecords(handle, List.of(new ErasureJournal.RecordRef(subjectId, recordId)), clock.instant());
            deleteRows(handle, List.of(new ErasureJournal.RecordRef(subjectId, recordId)));
            changes.record(handle, dev.steward.changes.Change.ERASURE, subjectId, "record", recordId);
            return audit.append(handle, AuditEvent.of(actor, "record.delete", subjectId, "ok", Map.of("record",
                    recordId)));
        });
    }

    /**
     * Deletes records and their archived versions, in the caller's transaction; returns the records deleted.
     * Both tables are keyed by subject first, so the subjects are named too: by record id alone each
     * statement read the whole table. Record ids are unique, so the pairs need not be matched up.
     */
    static int deleteRows(org.jdbi.v3.core.Handle handle, List<ErasureJournal.RecordRef> records) {
        List<String> subjects = records.stream().map(ErasureJournal.RecordRef::subjectId).distinct().toList();
        List<String> ids = records.stream().map(ErasureJournal.RecordRef::recordId).toList();
        handle.createUpdate(DELETE_ARCHIVED).bindList("s", subjects).bindList("r", ids).execute();
        return handle.createUpdate(DELETE_RECORDS).bindList("s", subjects).bindList("r", ids).execute();
    }

    static final String DELETE_ARCHIVED = "DELETE FROM record_archive WHERE subject_id IN (<s>) AND record_id IN (<r>)";
    static final String DELETE_RECORDS = "DELETE FROM personal_record WHERE subject_id IN (<s>) AND id IN (<r>)";

    /**
     * Applies, in the journal's order, every journaled erasure this database does not reflect (after
     * restoring an older backup): legal holds placed since are placed again first, so what they kept stays
     * kept, and holds released since are released. Returns how many entries were applied. Entries for
     * subjects the database never had are skipped.
     */
    public int reapply(String actor, LegalHolds holds) {
        int applied = 0;
        List<ErasureJournal.RecordRef> records = new ArrayList<>();
        for (ErasureJournal.Entry entry : journal.entries()) {
            if (entry.kind() == ErasureJournal.Kind.RECORD_DELETED) {
                records.add(new ErasureJournal.RecordRef(entry.subjectId(), entry.target()));
                if (records.size() == RECORD_BATCH) {
                    applied += reapplyRecords(actor, records);
                    records.clear();
                }
                continue;
            }
            applied += reapplyRecords(actor, records);
            records.clear();
            boolean done = switch (entry.kind()) {
                case HOLD_PLACED -> holds.replayPlaced(actor, entry);
                case HOLD_RELEASED -> holds.replayReleased(actor, entry);
                default -> reapplyErasure(actor, entry.subjectId(), entry.target());
            };
            applied += done ? 1 : 0;
        }
        return applied + reapplyRecords(actor, records);
    }

    private boolean reapplyErasure(String actor, String subjectId, String keyClass) {
        boolean pending = database.jdbi().withHandle(handle -> DEFAULT_CLASS.equals(keyClass)
                ? handle.createQuery("SELECT COUNT(*) FROM subject WHERE id = :s AND (erased_at IS NULL OR EXISTS "
                        + "(SELECT 1 FROM subject_key k WHERE k.subject_id = :s AND k.key_class = 'default'))")
                        .bind("s", subjectId).mapTo(Integer.class).one() > 0
                : handle.createQuery("SELECT (SELECT COUNT(*) FROM personal_record WHERE subject_id = :s AND "
                        + "key_class = :k) + (SELECT COUNT(*) FROM subject_key WHERE subject_id = :s AND "
                        + "key_class = :k)").bind("s", subjectId).bind("k", keyClass)
                        .mapTo(Integer.class).one() > 0);
        if (!pending) {
            return false;
        }
        if (DEFAULT_CLASS.equals(keyClass)) {
            erase(actor, subjectId, false);
        } else {
            destroyClass(actor, subjectId, keyClass, false);
        }
        return true;
    }

    private int reapplyRecords(String actor, List<ErasureJournal.RecordRef> records) {
        if (records.isEmpty()) {
            return 0;
        }
        return database.write(handle -> {
            int rows = deleteRows(handle, records);
            if (rows > 0) {
                audit.append(handle, AuditEvent.of(actor, "retention.expired", null, "ok", Map.of("rule",
                        "erasure-journal", "records", rows)));
            }
            return rows;
        });
    }

    /**
     * For an erased subject: deletes what a policy hold would keep only as support for evidence the
     * subject does not have (the tax hold keeps name and address for invoices; with no invoice it keeps
     * nothing). A hold class is dropped when every rule that seals data under it names {@code requires}
     * and the subject keeps none of those categories under any hold. Journaled like a class whose hold ended ({@code
     * journal} null when replaying the journal itself).
     */
    static Map<String, Integer> dropUnneededHolds(org.jdbi.v3.core.Handle handle, Policy current,
                                                  ErasureJournal journal, Clock clock, String subjectId) {
        // what every hold of the subject keeps, by class: read once, it is both the candidates and the evidence
        Map<String, Map<String, Integer>> held = new TreeMap<>();
        handle.createQuery("SELECT key_class, category, COUNT(*) FROM personal_record WHERE subject_id = :s AND "
                + "key_class <> 'default' GROUP BY key_class, category").bind("s", subjectId)
                .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getString(2), rs.getInt(3)})
                .forEach(row -> held.computeIfAbsent((String) row[0], key -> new TreeMap<>())
                        .put((String) row[1], (Integer) row[2]));
        List<dev.steward.policy.CategoryKey> kept = held.values().stream().flatMap(byCategory -> byCategory.keySet()
                .stream()).map(dev.steward.policy.CategoryKey::of).toList();
        Map<String, Integer> dropped = new TreeMap<>();
        held.forEach((keyClass, categories) -> {
            List<dev.steward.policy.RetentionRule> rules = current.retention().stream()
                    .filter(rule -> rule.hold().equals(keyClass)).toList();
            if (rules.isEmpty() || rules.stream().anyMatch(rule -> rule.requires().isEmpty())) {
                return;
            }
            // the evidence may sit under this hold or under an officer's legal hold that took it over
            boolean evidence = kept.stream().anyMatch(category -> rules.stream()
                    .flatMap(rule -> rule.requires().stream()).anyMatch(category::isWithin));
            if (evidence) {
                return;
            }
            if (journal != null) {
                journal.append(handle, subjectId, keyClass, clock.instant());
            }
            categories.forEach((category, count) -> dropped.merge(category, count, Integer::sum));
            deleteClass(handle, subjectId, keyClass);
        });
        return dropped;
    }

    /** Deletes one key class of a subject — its records, their archived versions and its keyset — in the caller's transaction. */
    static void deleteClass(org.jdbi.v3.core.Handle handle, String subjectId, String keyClass) {
        for (String sql : List.of("DELETE FROM record_archive WHERE subject_id = :s AND key_class = :k",
                "DELETE FROM personal_record WHERE subject_id = :s AND key_class = :k",
                "DELETE FROM subject_key WHERE subject_id = :s AND key_class = :k")) {
            handle.createUpdate(sql).bind("s", subjectId).bind("k", keyClass).execute();
        }
    }

    /** The title of a policy hold, or the reason an officer gave for a legal hold. */
    private String reason(org.jdbi.v3.core.Handle handle, String keyClass) {
        if (policy.get().holds().containsKey(keyClass)) {
            return policy.get().holds().get(keyClass).title().in("en");
        }
        return LegalHolds.reasonOf(handle, keyClass).orElse(keyClass);
    }

    private List<Retained> retained(org.jdbi.v3.core.Handle handle, String subjectId) {
        Map<String, List<String>> categories = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        handle.createQuery("SELECT key_class, category, COUNT(*) FROM personal_record WHERE subject_id = :s AND "
                + "key_class <> 'default' GROUP BY key_class, category ORDER BY key_class, category").bind("s", subjectId)
                .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getString(2), rs.getInt(3)})
                .forEach(row -> {
                    categories.computeIfAbsent((String) row[0], key -> new ArrayList<>()).add((String) row[1]);
                    counts.merge((String) row[0], (Integer) row[2], Integer::sum);
                });
        List<Retained> retained = new ArrayList<>();
        categories.forEach((hold, held) -> retained.add(new Retained(hold, reason(handle, hold), held,
                counts.get(hold))));
        return retained;
    }
}
