package dev.steward.vault;

import dev.steward.store.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Every erased subject, destroyed key class, record a retention rule deleted and legal hold placed or
 * released, with its time — opaque ids and times only, no personal data — kept where a database restore
 * does not reach, so a database restored from an older backup replays it ({@link Erasure#reapply}) and
 * nothing erased comes back. The embedded database keeps it in a file of the data directory
 * ({@link FileJournal}); PostgreSQL in a schema of its own that every node shares ({@link PostgresJournal}).
 * Appends take the handle of the deletion's transaction: the file is forced to disk before the deletion
 * commits, the PostgreSQL journal commits with it. A hold's reason is free text and stays out.
 */
public interface ErasureJournal {
    Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    Pattern CATEGORIES = Pattern.compile("\\*|[a-z0-9_.]{1,100}(,[a-z0-9_.]{1,100})*");

    /** What an entry records. */
    enum Kind {
        /** A subject erased ({@code target} {@code default}) or one key class of it destroyed. */
        ERASED("v1"),
        /** One record deleted by a retention rule ({@code target} is the record id). */
        RECORD_DELETED("r1"),
        /** A legal hold placed ({@code target} is the hold id; categories empty for all). */
        HOLD_PLACED("h1"),
        /** A legal hold released. */
        HOLD_RELEASED("h0");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        /** The short code both stores write. */
        public String code() {
            return code;
        }

        static Kind of(String code) {
            for (Kind kind : values()) {
                if (kind.code.equals(code)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown entry kind");
        }
    }

    /** One entry. {@code categories} and {@code until} only for {@link Kind#HOLD_PLACED}. */
    record Entry(Kind kind, String subjectId, String target, List<String> categories, Instant until, Instant at) {
        public Entry {
            categories = List.copyOf(categories);
        }
    }

    /** One record of a subject. */
    record RecordRef(String subjectId, String recordId) { }

    /**
     * The journal of {@code database}, bound to it: a file beside the embedded database, the shared schema
     * on PostgreSQL (which takes over what an earlier release wrote to {@code file}). A database that
     * belongs to another journal is refused ({@link #bind}).
     */
    static ErasureJournal open(Database database, Path file, Instant now) {
        ErasureJournal journal = database.isPostgres() ? PostgresJournal.adopting(database, new FileJournal(file), now)
                : new FileJournal(file);
        journal.bind(database, now);
        return journal;
    }

    /** The journal's name; empty while it has none. */
    Optional<String> id();

    /**
     * Binds the database to this journal, or checks that it is bound to it: a fresh pair is named and
     * bound; a database bound to another journal (a backup restored elsewhere, a file copied by hand) is
     * refused — erasures made since its backup would come back.
     */
    void bind(Database database, Instant now);

    /** Records an erased subject ({@code keyClass} {@code default}) or one destroyed key class. */
    default void append(Handle handle, String subjectId, String keyClass, Instant at) {
        appendAll(handle, List.of(subjectId), keyClass, at);
    }

    /** Records the same key class of several subjects erased or destroyed together, written at once. */
    void appendAll(Handle handle, List<String> subjectIds, String keyClass, Instant at);

    /** Records deleted records, written at once. */
    void appendRecords(Handle handle, List<RecordRef> records, Instant at);

    /** Records a placed legal hold: ids, categories and end only. */
    void appendHold(Handle handle, String subjectId, String holdId, List<String> categories, Instant until, Instant at);

    /** Records a released legal hold. */
    void appendRelease(Handle handle, String subjectId, String holdId, Instant at);

    /** Every entry, oldest first. */
    List<Entry> entries();

    /** The opaque id, checked: anything else is a programming error, never written. */
    static String token(String id) {
        if (!TOKEN.matcher(id).matches()) {
            throw new IllegalArgumentException("not an id");
        }
        return id;
    }

    /** A hold's categories as written ({@code *} for every category), checked. */
    static String scope(List<String> categories) {
        String scope = categories.isEmpty() ? "*" : String.join(",", categories);
        if (!CATEGORIES.matcher(scope).matches()) {
            throw new IllegalArgumentException("not a category list");
        }
        return scope;
    }

    /** The categories of a written scope. */
    static List<String> categories(String scope) {
        if (!CATEGORIES.matcher(scope).matches()) {
            throw new IllegalArgumentException("bad categories");
        }
        return "*".equals(scope) ? List.of() : List.of(scope.split(","));
    }
}
