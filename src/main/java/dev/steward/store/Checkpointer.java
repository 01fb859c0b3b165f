package dev.steward.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies SQLite's write-ahead log back into the database file on a thread of its own, so that the group
 * committer, which has automatic checkpoints turned off, does not do it while its writers wait. Every
 * {@value #EVERY_MILLIS} ms a passive checkpoint copies the log beside the writer (it takes no lock the
 * writer waits for). Under steady writes it never reaches the end of the log, and a log is started
 * again from its beginning only once it was copied to its end; so when the log has grown past
 * {@link #RESTART_FRAMES}, what the writer appended during the first pass is copied in a second, short
 * one between two batches (holding the writers' lock). The file stays bounded instead of growing for as
 * long as writes go on.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    static final long EVERY_MILLIS = 100;
    /**
     * The log length, in frames (pages, 64 MiB here), from which it is copied to its end between two
     * batches. SQLite's own automatic checkpoint starts at 1,000; measured at 64 clients (docs/performance.md)
     * a threshold that low puts a checkpoint between nearly every two batches and gives back most of the gain.
     */
    static final int RESTART_FRAMES = 16_384;
    private final Jdbi jdbi;
    private final java.util.concurrent.locks.Lock writers;
    private final int restartFrames;
    private final java.util.function.LongSupplier commits;
    private final long everyMillis;
    private final Thread thread;
    private volatile boolean running = true;

    private Checkpointer(Jdbi jdbi, java.util.concurrent.locks.Lock writers, int restartFrames,
                         java.util.function.LongSupplier commits, long everyMillis) {
        this.jdbi = jdbi;
        this.everyMillis = everyMillis;
        this.commits = commits;
        this.writers = writers;
        this.restartFrames = restartFrames;
        this.thread = new Thread(this::loop, "steward-checkpoint");
        this.thread.setDaemon(true);
    }

    /**
     * Starts checkpointing after the writer's commits ({@code commits} counts them; nothing is done while it
     * stands still); a log of {@code restartFrames} frames or more is copied to its end under {@code writers}.
     */
    static Checkpointer start(Jdbi jdbi, java.util.concurrent.locks.Lock writers, int restartFrames,
                              java.util.function.LongSupplier commits, long everyMillis) {
        Checkpointer checkpointer = new Checkpointer(jdbi, writers, restartFrames, commits, everyMillis);
        checkpointer.thread.start();
        return checkpointer;
    }

    private void loop() {
        Handle handle = null;
        long copied = 0;
        boolean failing = false;
        while (running) {
            try {
                Thread.sleep(everyMillis);
                long committed = commits.getAsLong();
                if (committed == copied) {
                    continue; // nothing written since the last checkpoint
                }
                if (handle == null) {
                    handle = jdbi.open();
                }
                // a log this long is copied to its very end between two batches, so the next write starts it again
                if (checkpoint(handle) >= restartFrames) {
                    writers.lockInterruptibly();
                    try {
                        checkpoint(handle);
                    } finally {
                        writers.unlock();
                    }
                }
                copied = committed;
                failing = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                if (!failing) { // once per spell of failures, not every 100 ms
                    LOG.warn("a checkpoint of the write-ahead log failed; retrying after the next writes", e);
                    failing = true;
                }
                if (handle != null) {
                    handle.close();
                    handle = null;
                }
            }
        }
        if (handle != null) {
            try {
                checkpoint(handle);
            } catch (RuntimeException e) {
                LOG.debug("the last checkpoint failed", e);
            } finally {
                handle.close();
            }
        }
    }

    /** One passive checkpoint; returns the frames the log held when it began. */
    private static int checkpoint(Handle handle) {
        // one row: busy (0 or 1), frames in the log, frames copied (-1, -1 outside WAL mode)
        return handle.createQuery("PRAGMA wal_checkpoint(PASSIVE)").map((rs, ctx) -> rs.getInt(2)).one();
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
