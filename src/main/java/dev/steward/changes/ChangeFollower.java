package dev.steward.changes;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the change log from its head on and hands every change another process made to {@code apply}
 * (this process applied its own at commit). On PostgreSQL a LISTEN connection wakes it as soon as a
 * change commits; it also reads every {@code poll} interval, so a lost notification or connection only
 * delays, never loses, a change. When the log is found behind the cursor (a database restored from a
 * backup) {@code reset} runs and following starts again from the new head. One daemon thread.
 */
public final class ChangeFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFollower.class);
    private static final int BATCH = 1_000;
    /** How many reads between the checks that the log has not gone back (a restore). */
    private static final int RESTORE_CHECK_EVERY = 20;
    private final ChangeLog log;
    private final Duration poll;
    private final Consumer<Change> apply;
    private final Runnable reset;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Cursor cursor;
    private Handle listening;

    private ChangeFollower(ChangeLog log, Duration poll, Consumer<Change> apply, Runnable reset) {
        this.log = log;
        this.poll = poll;
        this.apply = apply;
        this.reset = reset;
        this.cursor = log.headCursor();
        this.thread = new Thread(this::follow, "steward-changes");
        thread.setDaemon(true);
    }

    /** Starts following {@code log} from its current head. */
    public static ChangeFollower start(ChangeLog log, Duration poll, Consumer<Change> apply, Runnable reset) {
        ChangeFollower follower = new ChangeFollower(log, poll, apply, reset);
        follower.thread.start();
        return follower;
    }

    /** Where this follower has read up to (for tests and the feed's readiness). */
    public String cursor() {
        return cursor.toString();
    }

    private void follow() {
        int reads = 0;
        while (running) {
            try {
                List<Change> changes = log.after(cursor, BATCH);
                for (Change change : changes) {
                    if (!change.node().equals(log.node())) {
                        apply.accept(change);
                    }
                    cursor = Cursor.parse(change.cursor());
                }
                if (!changes.isEmpty()) {
                    log.signal();
                }
                if (changes.size() == BATCH) {
                    continue;
                }
                if (++reads % RESTORE_CHECK_EVERY == 0 && log.headCursor().compareTo(cursor) < 0) {
                    LOG.warn("the change log is behind this node (a database restore?); every cache is dropped");
                    reset.run();
                    cursor = log.headCursor();
                }
                await();
            } catch (RuntimeException e) {
                if (running) {
                    // the connection dropped (a restart, a restore): the next read catches up, nothing is lost
                    LOG.warn("reading the change log failed ({}); trying again in {} ms", rootMessage(e), poll.toMillis());
                    LOG.debug("change log read failure", e);
                    closeListening();
                    sleep(poll.toMillis());
                }
            }
        }
        closeListening();
    }

    /** Waits for a notification (PostgreSQL) or the poll interval, whichever comes first. */
    private void await() {
        if (!log.database().isPostgres()) {
            sleep(poll.toMillis());
            return;
        }
        try {
            if (listening == null) {
                listening = log.database().jdbi().open();
                listening.execute("LISTEN " + ChangeLog.CHANNEL);
            }
            org.postgresql.PGConnection connection = listening.getConnection().unwrap(org.postgresql.PGConnection.class);
            connection.getNotifications((int) poll.toMillis());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the LISTEN connection failed", e);
        }
    }

    private void closeListening() {
        if (listening != null) {
            try {
                listening.close();
            } catch (RuntimeException e) {
                // a broken connection closes anyway
            }
            listening = null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName().equals("PSQLException") ? root.getMessage() : "see debug log";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
