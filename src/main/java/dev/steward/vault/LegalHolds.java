package dev.steward.vault;

import dev.steward.audit.AuditEvent;
import dev.steward.audit.AuditLog;
import dev.steward.crypto.KeyRing;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.CategoryKey;
import dev.steward.store.Database;
import dev.steward.store.Times;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Legal holds an officer places on one subject: a named reason (a litigation, an investigation), the
 * categories it covers, and an optional end. Placing a hold re-encrypts the records in scope under the
 * hold's own key, so no deletion — an erasure request, the end of the grace period after closure, a
 * retention rule, the end of a policy hold — reaches them; records collected in scope while it is active
 * go under it too. Releasing it (by an officer, or by the sweep once its end has passed) puts each record
 * back under the key it came from, or deletes it when that key has been destroyed meanwhile, and then
 * destroys the hold's key. Thread-safe.
 */
public final class LegalHolds {
    /** Key classes of legal holds start with this; the hold id follows. */
    public static final String CLASS_PREFIX = "legal.";
    /** The reason a hold re-placed from the erasure journal carries (the journal keeps no free text). */
    public static final String REPLAYED_REASON = "re-placed from the erasure journal after a restore";
    private static final int MAX_REASON = 500;

    private final Database database;
    private final KeyRing keys;
    private final AuditLog audit;
    private final ErasureJournal journal;
    private final Clock clock;
    private final java.util.function.Supplier<dev.steward.policy.Policy> policy;
    private final dev.steward.changes.ChangeLog changes;

    /**
     * Holds are read in the transaction that needs them, never from a cache: a hold placed or released
     * through another node or process is seen by the next write. Placing and releasing record a change.
     */
    public LegalHolds(Database database, KeyRing keys, AuditLog audit, ErasureJournal journal,
                      java.util.function.Supplier<dev.steward.policy.Policy> policy, Clock clock,
                      dev.steward.changes.ChangeLog changes) {
        this.changes = changes;
        this.policy = policy;
        this.database = database;
        this.keys = keys;
        this.audit = audit;
        this.journal = journal;
        this.clock = clock;
    }

    /** A hold as stored; {@code categories} empty means every category. */
    public record Hold(String id, String subject, String reason, List<String> categories, String placedBy,
                       Instant placedAt, Instant endsAt, Instant releasedAt, String releasedBy, int records) {
        public Hold {
            categories = List.copyOf(categories);
        }

        public boolean covers(CategoryKey category) {
            return categories.isEmpty() || categories.stream().anyMatch(held -> category.isWithin(CategoryKey.of(held)));
        }

        String keyClass() {
            return CLASS_PREFIX + id;
        }
    }

    /** What releasing a hold did: records put back under their own key, and records deleted. */
    public record Release(Hold hold, int returned, int deleted) { }

    /** Places a hold; records of the subject in scope move under its key at once. */
    public Hold place(String actor, String subjectId, String reason, List<CategoryKey> categories,
                      Optional<Instant> endsAt) {
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "reason", "name the matter in 1 to " + MAX_REASON
                    + " characters");
        }
        Instant now = Times.stored(clock.instant());
        if (endsAt.isPresent() && !endsAt.get().isAfter(now)) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "until", "must be in the future");
        }
        Hold placed = new Hold(Ids.next("hold_"), subjectId, reason.strip(), categories.stream()
                .map(CategoryKey::value).sorted().distinct().toList(), actor, now, endsAt.map(Times::stored).orElse(null), null, null, 0);
        return database.write(handle -> {
            Subjects.requireExists(handle, subjectId);
            journal.appendHold(handle, subjectId, placed.id(), placed.categories(), placed.endsAt(), now);
            return placeIn(handle, placed);
        });
    }

    /**
     * Places again a hold the erasure journal names but this database lacks (it was restored from a
     * backup older than the hold), before the journal's later erasures are replayed; its reason stays in
     * the lost database, so it is given as {@link #REPLAYED_REASON}. Returns false when there is nothing to do.
     */
    boolean replayPlaced(String actor, ErasureJournal.Entry entry) {
        Hold placed = new Hold(entry.target(), entry.subjectId(), REPLAYED_REASON, entry.categories(), actor,
                entry.at(), entry.until(), null, null, 0);
        return database.write(handle -> {
            boolean known = handle.createQuery("SELECT COUNT(*) FROM legal_hold WHERE id = :id")
                    .bind("id", placed.id()).mapTo(Integer.class).one() > 0;
            if (known || !Subjects.exists(handle, placed.subject())) {
                return false;
            }
            placeIn(handle, placed);
            return true;
        });
    }

    /** Releases again a hold the journal says was released but this database still holds. */
    boolean replayReleased(String actor, ErasureJournal.Entry entry) {
        boolean active = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM legal_hold "
                + "WHERE id = :id AND released_at IS NULL").bind("id", entry.target()).mapTo(Integer.class).one() > 0);
        if (active) {
            release(actor, entry.target(), false);
        }
        return active;
    }

    /** Inserts the hold and moves the subject's records in scope under its key; returns the hold with its count. */
    private Hold placeIn(Handle handle, Hold placed) {
        String subjectId = placed.subject();
        lockSubject(handle, subjectId, true);
        handle.createUpdate("INSERT INTO legal_hold (id, subject_id, reason, categories, placed_by, placed_at, ends_at) "
                + "VALUES (:id, :s, :r, :c, :by, :at, :end)").bind("id", placed.id()).bind("s", subjectId)
                .bind("r", placed.reason()).bind("c", stored(placed.categories())).bind("by", placed.placedBy())
                .bind("at", placed.placedAt())
                .bind("end", placed.endsAt()).execute();
        int moved = 0;
        for (Map<String, Object> row : handle.createQuery("SELECT id, category, key_class FROM personal_record WHERE "
                + "subject_id = :s AND key_class NOT LIKE 'legal.%' ORDER BY id").bind("s", subjectId).mapToMap()
                .list()) {
            if (!placed.covers(CategoryKey.of((String) row.get("category")))) {
                continue;
            }
            String recordId = (String) row.get("id");
            String from = (String) row.get("key_class");
            if (!move(handle, subjectId, recordId, (String) row.get("category"), from, placed.keyClass())) {
                continue; // already unreadable: its key went with an erasure not yet compacted
            }
            handle.createUpdate("INSERT INTO legal_hold_record (hold_id, subject_id, record_id, original_class) VALUES "
                    + "(:h, :s, :r, :k)").bind("h", placed.id()).bind("s", subjectId).bind("r", recordId)
                    .bind("k", from).execute();
            moved++;
        }
        Hold hold = withRecords(placed, moved);
        changes.record(handle, dev.steward.changes.Change.HOLD, subjectId, hold.id(), "placed");
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("hold", hold.id());
        detail.put("categories", hold.categories().isEmpty() ? List.of("*") : hold.categories());
        detail.put("records", moved);
        audit.append(handle, AuditEvent.of(placed.placedBy(), "legal_hold.place", subjectId, "ok", detail));
        return hold;
    }

    /** Every hold of a subject, active and released, oldest first. */
    public List<Hold> list(String subjectId) {
        return database.jdbi().withHandle(handle -> {
            Subjects.requireExists(handle, subjectId);
            return handle.createQuery("SELECT h.*, (SELECT COUNT(*) FROM legal_hold_record r WHERE r.hold_id = h.id) "
                    + "AS records FROM legal_hold h WHERE h.subject_id = :s ORDER BY h.placed_at, h.id")
                    .bind("s", subjectId).map((rs, ctx) -> hold(rs, rs.getInt("records"))).list();
        });
    }

    /** The reason of a hold, by its key class ({@code legal.ID}); empty for any other class. */
    static Optional<String> reasonOf(Handle handle, String keyClass) {
        if (!keyClass.startsWith(CLASS_PREFIX)) {
            return Optional.empty();
        }
        return handle.createQuery("SELECT reason FROM legal_hold WHERE id = :id")
                .bind("id", keyClass.substring(CLASS_PREFIX.length())).mapTo(String.class).findOne();
    }

    /**
     * The key class a new record of {@code category} goes under while an active hold of the subject covers
     * it, read in the writing transaction. On PostgreSQL the subject's row is share-locked first, so a
     * hold being placed or released by another node at the same moment is waited for, then seen.
     */
    public Optional<String> keyClassFor(Handle handle, String subjectId, CategoryKey category) {
        lockSubject(handle, subjectId, false);
        // most subjects have no hold: one prepared lookup answers that on the write's hot path
        if (!dev.steward.store.HotStatements.exists(handle, "SELECT 1 FROM legal_hold WHERE subject_id = ? AND "
                + "released_at IS NULL LIMIT 1", subjectId)) {
            return Optional.empty();
        }
        return activeHolds(handle, subjectId).stream().filter(hold -> hold.covers(category)).map(Hold::keyClass)
                .findFirst();
    }

    /** The subject's active holds, oldest first. */
    private static List<Hold> activeHolds(Handle handle, String subjectId) {
        return handle.createQuery("SELECT * FROM legal_hold WHERE subject_id = :s AND released_at IS NULL ORDER BY "
                + "placed_at, id").bind("s", subjectId).map((rs, ctx) -> hold(rs, 0)).list();
    }

    /**
     * Places and releases take the subject's row exclusively, record writes shared (PostgreSQL): the two
     * never interleave. SQLite has one writer at a time already.
     */
    private void lockSubject(Handle handle, String subjectId, boolean exclusive) {
        if (database.isPostgres()) {
            dev.steward.store.HotStatements.exists(handle, "SELECT id FROM subject WHERE id = ? FOR "
                    + (exclusive ? "UPDATE" : "SHARE"), subjectId);
        }
    }

    /** Records that a record collected under an active hold belongs to it (in the collecting transaction). */
    void adopt(Handle handle, String holdClass, String subjectId, String recordId, String originalClass) {
        handle.createUpdate("INSERT INTO legal_hold_record (hold_id, subject_id, record_id, original_class) VALUES "
                + "(:h, :s, :r, :k)").bind("h", holdClass.substring(CLASS_PREFIX.length())).bind("s", subjectId)
                .bind("r", recordId).bind("k", originalClass).execute();
    }

    /**
     * Releases a hold. Each record goes to another active hold of the subject that covers it, else back
     * under the key it came from; when that key is gone (the subject was erased, or its policy hold ended)
     * the record is deleted and journaled. Then the hold's key is destroyed.
     */
    public Release release(String actor, String holdId) {
        return release(actor, holdId, true);
    }

    private Release release(String actor, String holdId, boolean record) {
        Release release = database.write(handle -> {
            Hold hold = handle.createQuery("SELECT * FROM legal_hold WHERE id = :id").bind("id", holdId)
                    .map((rs, ctx) -> hold(rs, 0)).findOne()
                    .orElseThrow(() -> new StewardException(ErrorCode.UNKNOWN_HOLD, holdId));
            if (hold.releasedAt() != null) {
                throw new StewardException(ErrorCode.HOLD_RELEASED, holdId);
            }
            String subjectId = hold.subject();
            lockSubject(handle, subjectId, true);
            if (handle.createQuery("SELECT COUNT(*) FROM legal_hold WHERE id = :id AND released_at IS NOT NULL")
                    .bind("id", holdId).mapTo(Integer.class).one() > 0) {
                throw new StewardException(ErrorCode.HOLD_RELEASED, holdId); // released meanwhile elsewhere
            }
            List<Hold> others = activeHolds(handle, subjectId).stream()
                    .filter(other -> !other.id().equals(holdId)).toList();
            int returned = 0;
            int[] deletedExtra = {0};
            List<String> returnedIds = new ArrayList<>();
            List<ErasureJournal.RecordRef> deleted = new ArrayList<>();
            for (Map<String, Object> row : handle.createQuery("SELECT r.record_id, r.original_class, p.category FROM "
                    + "legal_hold_record r JOIN personal_record p ON p.subject_id = r.subject_id AND p.id = r.record_id "
                    + "WHERE r.hold_id = :h ORDER BY r.record_id").bind("h", holdId).mapToMap().list()) {
                String recordId = (String) row.get("record_id");
                String original = (String) row.get("original_class");
                String category = (String) row.get("category");
                Optional<Hold> next = others.stream().filter(other -> other.covers(CategoryKey.of(category)))
                        .findFirst();
                String target = next.map(Hold::keyClass).orElse(original);
                boolean keyLives = next.isPresent() || handle.createQuery("SELECT COUNT(*) FROM subject_key WHERE "
                        + "subject_id = :s AND key_class = :k").bind("s", subjectId).bind("k", original)
                        .mapTo(Integer.class).one() > 0;
                if (keyLives && move(handle, subjectId, recordId, category, hold.keyClass(), target)) {
                    next.ifPresent(other -> adopt(handle, other.keyClass(), subjectId, recordId, original));
                    returned++;
                    returnedIds.add(recordId);
                } else {
                    deleted.add(new ErasureJournal.RecordRef(subjectId, recordId));
                }
            }
            if (!deleted.isEmpty()) {
                if (record) {
                    journal.appendRecords(handle, deleted, clock.instant());
                }
                Erasure.deleteRows(handle, deleted);
            }
            keys.evictAround(handle, subjectId);
            handle.createUpdate("DELETE FROM subject_key WHERE subject_id = :s AND key_class = :k").bind("s", subjectId)
                    .bind("k", hold.keyClass()).execute();
            // Records handed back to a policy hold of an erased subject stay only if that hold still has its
            // reason (an invoice for the tax hold): a release never returns to use what the erasure took.
            if (Subjects.erased(handle, subjectId)) {
                Erasure.dropUnneededHolds(handle, policy.get(), record ? journal : null, clock, subjectId);
                // of the records handed back, those the drop took count as deleted
                int kept = returnedIds.isEmpty() ? 0 : handle.createQuery("SELECT COUNT(*) FROM personal_record WHERE "
                        + "subject_id = :s AND id IN (<r>)").bind("s", subjectId).bindList("r", returnedIds)
                        .mapTo(Integer.class).one();
                deletedExtra[0] = returned - kept;
                returned = kept;
            }
            Instant now = Times.stored(clock.instant());
            if (record) {
                journal.appendRelease(handle, subjectId, holdId, now);
            }
            handle.createUpdate("UPDATE legal_hold SET released_at = :t, released_by = :by WHERE id = :id")
                    .bind("t", now).bind("by", actor).bind("id", holdId).execute();
            changes.record(handle, dev.steward.changes.Change.HOLD, subjectId, holdId, "released");
            int gone = deleted.size() + deletedExtra[0];
            audit.append(handle, AuditEvent.of(actor, "legal_hold.release", subjectId, "ok", Map.of("hold", holdId,
                    "returned", returned, "deleted", gone)));
            return new Release(new Hold(hold.id(), subjectId, hold.reason(), hold.categories(), hold.placedBy(),
                    hold.placedAt(), hold.endsAt(), now, actor, returned), returned, gone);
        });
        keys.evict(release.hold().subject());
        return release;
    }

    /** Releases every active hold whose end has passed (run by the retention sweep); returns them. */
    public List<Release> releaseEnded(String actor) {
        List<Release> releases = new ArrayList<>();
        for (String id : ended()) {
            releases.add(release(actor, id));
        }
        return releases;
    }

    /** The ids of active holds whose end has passed, soonest ended first. */
    public List<String> ended() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM legal_hold WHERE released_at IS "
                + "NULL AND ends_at IS NOT NULL AND ends_at <= :now ORDER BY ends_at, id")
                .bind("now", clock.instant()).mapTo(String.class).list());
    }

    /** Re-encrypts one record (and its archived versions) from one key class to another; false if unreadable. */
    private boolean move(Handle handle, String subjectId, String recordId, String category, String from, String to) {
        String context = Records.context(recordId, CategoryKey.of(category));
        Map<String, Object> row = handle.createQuery("SELECT value_ct FROM personal_record WHERE subject_id = :s AND "
                + "id = :r").bind("s", subjectId).bind("r", recordId).mapToMap().one();
        Optional<byte[]> plain = keys.decrypt(handle, subjectId, from, (byte[]) row.get("value_ct"), context);
        if (plain.isEmpty()) {
            return false;
        }
        handle.createUpdate("UPDATE personal_record SET key_class = :k, value_ct = :v WHERE subject_id = :s AND id = :r")
                .bind("k", to).bind("v", keys.encrypt(handle, subjectId, to, plain.get(), context))
                .bind("s", subjectId).bind("r", recordId).execute();
        for (Map<String, Object> archived : handle.createQuery("SELECT version, value_ct FROM record_archive WHERE "
                + "subject_id = :s AND record_id = :r").bind("s", subjectId).bind("r", recordId).mapToMap().list()) {
            Optional<byte[]> old = keys.decrypt(handle, subjectId, from, (byte[]) archived.get("value_ct"), context);
            if (old.isEmpty()) {
                continue;
            }
            handle.createUpdate("UPDATE record_archive SET key_class = :k, value_ct = :v WHERE subject_id = :s AND "
                    + "record_id = :r AND version = :n").bind("k", to)
                    .bind("v", keys.encrypt(handle, subjectId, to, old.get(), context)).bind("s", subjectId)
                    .bind("r", recordId).bind("n", archived.get("version")).execute();
        }
        return true;
    }

    private static Hold withRecords(Hold hold, int records) {
        return new Hold(hold.id(), hold.subject(), hold.reason(), hold.categories(), hold.placedBy(), hold.placedAt(),
                hold.endsAt(), hold.releasedAt(), hold.releasedBy(), records);
    }

    private static String stored(List<String> categories) {
        return categories.isEmpty() ? "*" : String.join(",", categories);
    }

    private static Hold hold(java.sql.ResultSet rs, int records) throws java.sql.SQLException {
        String categories = rs.getString("categories");
        return new Hold(rs.getString("id"), rs.getString("subject_id"), rs.getString("reason"),
                "*".equals(categories) ? List.of() : List.of(categories.split(",")), rs.getString("placed_by"),
                Times.of(rs.getObject("placed_at")), Times.of(rs.getObject("ends_at")),
                Times.of(rs.getObject("released_at")), rs.getString("released_by"), records);
    }
}
