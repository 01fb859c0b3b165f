package dev.steward.changes;

import dev.steward.store.Database;
import dev.steward.store.HotStatements;
import dev.steward.store.Times;
import dev.steward.store.TransactionState;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * The change log: every change a cache depends on is recorded here in the transaction that makes it,
 * so that it exists exactly when the change does. This process hears of its own changes once they
 * commit; other processes (another node, the CLI beside {@code serve}) through a {@link ChangeFollower}.
 * It also backs the change feed for applications ({@link #after}). Owns {@code change_log}. Thread-safe.
 */
public final class ChangeLog {
    /** The PostgreSQL channel a commit with changes notifies, waking the followers. */
    static final String CHANNEL = "steward_changes";
    private final Database database;
    private final Clock clock;
    private final String node;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    /** Counts the moments new changes may be readable (a local commit, a follower's read), for long polls. */
    private final java.util.concurrent.atomic.AtomicLong signals = new java.util.concurrent.atomic.AtomicLong();
    private final Object monitor = new Object();

    /** {@code node} names this process in the log, so that its follower skips what it already applied. */
    public ChangeLog(Database database, Clock clock, String node) {
        this.database = database;
        this.clock = clock;
        this.node = node;
    }

    /** A log for a process that follows no one (the CLI): its changes still reach every server. */
    public static ChangeLog of(Database database, Clock clock) {
        return new ChangeLog(database, clock, "node_" + java.util.UUID.randomUUID());
    }

    /** A log for one process whose caches are dropped by {@code invalidate} (a subject id, or "*"). */
    public static ChangeLog invalidating(Database database, Clock clock, Consumer<String> invalidate) {
        ChangeLog log = of(database, clock);
        log.onCommit(change -> invalidate.accept(change.scope()));
        return log;
    }

    public String node() {
        return node;
    }

    Database database() {
        return database;
    }

    /** Tells {@code listener} of each change this process commits, right after the commit. */
    public void onCommit(Consumer<Change> listener) {
        listeners.add(listener);
    }

    /** A change to one subject ({@code subjectId}) or, when null, to every subject; in the caller's transaction. */
    public void record(Handle handle, String kind, String subjectId, String name, String value) {
        recordAll(handle, kind, java.util.Collections.singletonList(subjectId), name, value);
    }

    /** {@link #record} for several subjects at once (one statement batch, one notification). */
    public void recordAll(Handle handle, String kind, List<String> subjectIds, String name, String value) {
        if (subjectIds.isEmpty()) {
            return;
        }
        java.time.Instant at = Times.stored(clock.instant());
        List<Change> recorded = new java.util.ArrayList<>(subjectIds.size());
        for (String subjectId : subjectIds) {
            recorded.add(new Change(null, at, node, kind, subjectId, name, value));
        }
        if (database.isPostgres()) {
            // one statement for the lot, positions given in the order of the list
            HotStatements.execute(handle, "INSERT INTO change_log (at, node, kind, subject_id, name, value) "
                    + "SELECT ?::timestamptz, ?::text, ?::text, s, ?::text, ?::text "
                    + "FROM unnest(?::text[]) WITH ORDINALITY AS u(s, n) ORDER BY n",
                    at, node, kind, name, value, HotStatements.textArray(handle, subjectIds));
            // delivered when the transaction commits, never for one that rolls back
            handle.createQuery("SELECT pg_notify(:c, '')").bind("c", CHANNEL).mapTo(String.class).findOne();
        } else {
            org.jdbi.v3.core.statement.PreparedBatch batch = handle.prepareBatch("INSERT INTO change_log (at, node, "
                    + "kind, subject_id, name, value) VALUES (:at, :node, :kind, :s, :name, :value)");
            for (String subjectId : subjectIds) {
                batch.bind("at", at).bind("node", node).bind("kind", kind).bind("s", subjectId).bind("name", name)
                        .bind("value", value).add();
            }
            batch.execute();
        }
        TransactionState.afterCommit(handle, () -> {
            for (Change change : recorded) {
                listeners.forEach(listener -> listener.accept(change));
            }
            signal();
        });
    }

    /** Wakes the long polls: changes may be readable now. */
    void signal() {
        signals.incrementAndGet();
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /** Changes after a cursor, and the cursor to ask from next (the same one when there were none). */
    public record Page(List<Change> changes, String next) { }

    /**
     * Up to {@code limit} changes after {@code after} (null or empty: from the beginning), waiting up to
     * {@code wait} for the first when there are none yet. Throws {@code invalid_field} for a cursor this
     * log never handed out in that form.
     */
    public Page page(String after, int limit, java.time.Duration wait) {
        Cursor cursor = Cursor.parse(after);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long seen = signals.get();
            List<Change> changes = after(cursor, limit);
            long remaining = deadline - System.nanoTime();
            if (!changes.isEmpty() || remaining <= 0) {
                return new Page(changes, changes.isEmpty() ? cursor.toString() : changes.get(changes.size() - 1).cursor());
            }
            synchronized (monitor) {
                if (signals.get() == seen) {
                    // woken by a commit or a follower's read; at the latest after a second, to read again
                    long millis = Math.max(1, Math.min(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(remaining),
                            1_000));
                    try {
                        monitor.wait(millis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new Page(List.of(), cursor.toString());
                    }
                }
            }
        }
    }

    /** A choice set or withdrawn: its kind follows from its name ({@link Change#ofChoice}). */
    public void choice(Handle handle, String subjectId, String name, String value) {
        record(handle, Change.ofChoice(name), subjectId, name, value);
    }

    /**
     * Up to {@code limit} changes after {@code cursor}, in log order. On PostgreSQL only changes of
     * transactions older than every one still running are returned: a transaction that commits later
     * can then never land before a cursor already handed out.
     */
    public List<Change> after(String cursor, int limit) {
        return after(Cursor.parse(cursor), limit);
    }

    List<Change> after(Cursor cursor, int limit) {
        return database.read(handle -> handle.createQuery("SELECT seq, txid, at, node, kind, subject_id, name, value "
                + "FROM change_log WHERE (txid > :t OR (txid = :t AND seq > :s))" + settled() + " ORDER BY txid, seq "
                + "LIMIT :n").bind("t", cursor.txid()).bind("s", cursor.seq()).bind("n", limit)
                .map((rs, ctx) -> new Change(new Cursor(rs.getLong("txid"), rs.getLong("seq")).toString(),
                        Times.of(rs.getObject("at")), rs.getString("node"), rs.getString("kind"),
                        rs.getString("subject_id"), rs.getString("name"), rs.getString("value"))).list());
    }

    /** The cursor of the newest settled change (START for an empty log): following from here sees only what comes next. */
    public String head() {
        return headCursor().toString();
    }

    Cursor headCursor() {
        return database.read(handle -> handle.createQuery("SELECT txid, seq FROM change_log WHERE 1 = 1" + settled()
                + " ORDER BY txid DESC, seq DESC LIMIT 1").map((rs, ctx) -> new Cursor(rs.getLong(1), rs.getLong(2)))
                .findOne().orElse(Cursor.START));
    }

    private String settled() {
        return database.isPostgres() ? " AND txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint" : "";
    }
}
