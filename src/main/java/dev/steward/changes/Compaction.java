package dev.steward.changes;

import dev.steward.jobs.Leases;
import dev.steward.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Keeps the change log from growing forever without breaking a reader's cursor: a change is dropped once
 * a later change of the same key has itself been in the log longer than {@link #window}. The key is
 * what the change sets — a subject's choice, its account status, a hold's state, the policy version —
 * so a reader who falls further behind than the window, or starts from the beginning, still ends with
 * the latest state of every key, in log order. A subject's erasure supersedes every earlier change of
 * that subject (its choices go with the person here too); the erasure itself stays. Erasures of a class
 * or of one record are facts, not states: only the subject's erasure drops them.
 *
 * <p>Each run reads the changes after the last one it looked at (its position in {@code feed_position}),
 * in log order and only settled ones, so every change is looked at once as the one that supersedes; it
 * stops at the first change younger than the window. One run at a time, on any node, under a lease.
 */
public final class Compaction {
    static final String POSITION = "change-log-compaction";
    /** How long every change stays, superseded or not: readers within it miss nothing. */
    public static final Duration WINDOW = Duration.ofDays(7);
    private static final int PAGE = 1_000;
    private final ChangeLog changes;
    private final Database database;
    private final Clock clock;
    private final Duration window;
    private final Leases leases;

    public Compaction(ChangeLog changes, Clock clock, Duration window) {
        this.changes = changes;
        this.database = changes.database();
        this.clock = clock;
        this.window = window;
        this.leases = new Leases(database, clock);
    }

    /** One run, holding the lease (throws {@code job_running} when another runs); returns the changes dropped. */
    public int run() {
        return leases.exclusively(POSITION, "change-log compaction", this::compact);
    }

    private int compact() {
        Instant horizon = clock.instant().minus(window);
        int dropped = 0;
        while (true) {
            Cursor from = Cursor.parse(position());
            List<Change> page = changes.after(from, PAGE).stream()
                    .takeWhile(change -> change.at().isBefore(horizon)).toList();
            if (page.isEmpty()) {
                return dropped;
            }
            Cursor to = Cursor.parse(page.get(page.size() - 1).cursor());
            dropped += database.write(handle -> {
                var sameKey = handle.prepareBatch("DELETE FROM change_log WHERE subject_id = :s AND kind = :k AND "
                        + "name = :n AND (txid < :t OR (txid = :t AND seq < :q))");
                var sameKeyEveryone = handle.prepareBatch("DELETE FROM change_log WHERE subject_id IS NULL AND kind = "
                        + ":k AND name = :n AND (txid < :t OR (txid = :t AND seq < :q))");
                var sameSubject = handle.prepareBatch("DELETE FROM change_log WHERE subject_id = :s AND (txid < :t OR "
                        + "(txid = :t AND seq < :q))");
                for (Change change : page) {
                    Cursor at = Cursor.parse(change.cursor());
                    if (Change.ERASURE.equals(change.kind())) {
                        if ("subject".equals(change.name()) && change.subjectId() != null) {
                            sameSubject.bind("s", change.subjectId()).bind("t", at.txid()).bind("q", at.seq()).add();
                        }
                    } else if (change.subjectId() == null) {
                        sameKeyEveryone.bind("k", change.kind()).bind("n", change.name()).bind("t", at.txid())
                                .bind("q", at.seq()).add();
                    } else {
                        sameKey.bind("s", change.subjectId()).bind("k", change.kind()).bind("n", change.name())
                                .bind("t", at.txid()).bind("q", at.seq()).add();
                    }
                }
                int rows = 0;
                for (var batch : List.of(sameKey, sameKeyEveryone, sameSubject)) {
                    if (batch.size() > 0) {
                        for (int count : batch.execute()) {
                            rows += Math.max(0, count);
                        }
                    }
                }
                if (!FeedPositions.advance(handle, POSITION, from.toString(), to.toString())) {
                    throw new IllegalStateException("the change-log compaction's position moved under its lease");
                }
                return rows;
            });
        }
    }

    /** The cursor of the last change a run looked at. */
    String position() {
        return FeedPositions.read(database, POSITION);
    }
}
