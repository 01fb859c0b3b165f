package dev.steward.decision;

import dev.steward.crypto.KeyRing;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.Jurisdiction;
import dev.steward.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads each subject's {@link SubjectState} from the database once and keeps it in memory until
 * something about the subject changes ({@link #invalidate}). The birth date is decrypted here, held
 * only in memory. Thread-safe.
 */
public final class SubjectStates {
    private final Database database;
    private final KeyRing keys;
    private final Map<String, SubjectState> cache = new ConcurrentHashMap<>();
    /** Counts invalidations, so that a state read before one is never cached after it. */
    private final java.util.concurrent.atomic.AtomicLong invalidations = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.function.Supplier<String> inForceVersion;

    /** {@code inForceVersion} names the policy version in force (to find subjects still on earlier terms). */
    public SubjectStates(Database database, KeyRing keys, java.util.function.Supplier<String> inForceVersion) {
        this.database = database;
        this.keys = keys;
        this.inForceVersion = inForceVersion;
    }

    /** The subject's state; throws {@code unknown_subject}. */
    public SubjectState get(String subjectId) {
        SubjectState state = cache.get(subjectId);
        if (state == null) {
            long before = invalidations.get();
            state = load(subjectId);
            SubjectState loaded = state;
            cache.compute(subjectId, (id, present) -> invalidations.get() == before ? loaded : present);
        }
        return state;
    }

    /** Forgets one subject's state, or every subject's for {@code "*"}. */
    public void invalidate(String subjectId) {
        invalidations.incrementAndGet();
        if ("*".equals(subjectId)) {
            cache.clear();
        } else {
            cache.remove(subjectId);
        }
    }

    private SubjectState load(String subjectId) {
        return database.jdbi().withHandle(handle -> {
            Map<String, Object> row = handle.createQuery("SELECT jurisdiction, status, guardian_id, birth_date_ct, "
                    + "erased_at FROM "
                    + "subject WHERE id = :id").bind("id", subjectId).mapToMap().findOne()
                    .orElseThrow(() -> new StewardException(ErrorCode.UNKNOWN_SUBJECT, subjectId));
            LocalDate birth = null;
            byte[] ciphertext = (byte[]) row.get("birth_date_ct");
            if (ciphertext != null) {
                birth = keys.decrypt(handle, subjectId, "default", ciphertext, "birth_date")
                        .map(plain -> LocalDate.parse(new String(plain, StandardCharsets.UTF_8))).orElse(null);
            }
            Map<String, String> choices = new HashMap<>();
            handle.createQuery("SELECT name, value FROM choice WHERE subject_id = :id").bind("id", subjectId)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(entry -> choices.put(entry.getKey(), entry.getValue()));
            // A subject notified of a material change keeps the earlier terms until they accept the new ones.
            String terms = handle.createQuery("SELECT previous_version FROM policy_notice WHERE subject_id = :id AND "
                    + "version = :v AND (choice IS NULL OR choice <> 'accepted')").bind("id", subjectId)
                    .bind("v", inForceVersion.get()).mapTo(String.class).findOne().orElse(null);
            boolean erased = row.get("erased_at") != null;
            // What an erasure left: only what a hold keeps, for the hold's purposes (GDPR Art. 17(3)).
            java.util.Set<String> held = erased ? new java.util.HashSet<>(handle.createQuery("SELECT DISTINCT category "
                    + "FROM personal_record WHERE subject_id = :id AND key_class <> 'default'").bind("id", subjectId)
                    .mapTo(String.class).list()) : java.util.Set.of();
            return new SubjectState(subjectId, Jurisdiction.of((String) row.get("jurisdiction")),
                    "closed".equals(row.get("status")), birth, row.get("guardian_id") != null, choices, terms, erased,
                    held);
        });
    }
}
