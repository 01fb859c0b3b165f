package dev.steward.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread takes every write that is waiting, runs each inside its own
 * savepoint of one transaction, and commits them with a single fsync. A caller returns only after
 * the commit that holds its write, so every acknowledged write is durable; a write that fails rolls
 * back to its savepoint alone and its caller gets the error. Thread-safe.
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    private final Jdbi jdbi;
    private final java.util.concurrent.locks.ReentrantLock lock;
    private final int maxBatch;
    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    private record Task<T>(HandleCallback<T, RuntimeException> work, CompletableFuture<T> done) { }

    private volatile CommitListener listener = CommitListener.NONE;
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();

    /** How many batches this writer has committed. */
    long commits() {
        return commits.get();
    }

    private final java.util.function.Consumer<Handle> prepare;

    GroupCommitter(Jdbi jdbi, java.util.concurrent.locks.ReentrantLock lock, int maxBatch) {
        this(jdbi, lock, maxBatch, handle -> { });
    }

    /** {@code prepare} runs on the writer's connection each time it is opened. */
    GroupCommitter(Jdbi jdbi, java.util.concurrent.locks.ReentrantLock lock, int maxBatch,
                   java.util.function.Consumer<Handle> prepare) {
        this.jdbi = jdbi;
        this.lock = lock;
        this.maxBatch = maxBatch;
        this.prepare = prepare;
        this.writer = new Thread(this::loop, "steward-group-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    <T> T submit(HandleCallback<T, RuntimeException> work) {
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("a write may not start another write; pass the handle instead");
        }
        if (!running) {
            throw new IllegalStateException("the database is closed");
        }
        Task<T> task = new Task<>(work, new CompletableFuture<>());
        queue.add(task);
        try {
            return task.done().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw new IllegalStateException("write failed", error);
            }
            throw new IllegalStateException("write failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a write", e);
        }
    }

    private void loop() {
        while (running || !queue.isEmpty()) {
            List<Task<?>> batch = new ArrayList<>();
            try {
                Task<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (Throwable e) {
                // Whatever happened (a failed commit, an Error), the writer lives on for the next batch.
                LOG.error("group commit of {} writes failed", batch.size(), e);
                Throwable cause = e;
                batch.forEach(task -> task.done().completeExceptionally(cause));
            }
        }
        dropConnection();
        Throwable closed = new IllegalStateException("the database is closed");
        for (Task<?> task; (task = queue.poll()) != null; ) {
            task.done().completeExceptionally(closed);
        }
    }

    /**
     * Runs the batch in one transaction without savepoints (the common case: every write succeeds);
     * if any write fails, the whole transaction is rolled back and the batch is run again with a
     * savepoint per write, so that only the failing writes fail. What the writes asked to happen after
     * commit happens once, after the commit that holds them, before their callers return.
     */
    void observe(CommitListener listener) {
        this.listener = listener;
    }

    /**
     * The writer's own connection, kept from batch to batch so that its prepared statements stay warm
     * (opening an SQLite connection and preparing the hot statements again cost about as much as a small
     * batch); dropped after a failure and opened again for the next batch. Only the writer thread uses it.
     */
    private Handle connection;
    private long lastUsed;

    /** The writer's connection; one idle for a second is checked first (the server may have dropped it). */
    private Handle connection() {
        long now = System.nanoTime();
        if (connection != null && now - lastUsed > 1_000_000_000L) {
            boolean valid;
            try {
                valid = connection.getConnection().isValid(2);
            } catch (java.sql.SQLException e) {
                valid = false;
            }
            if (!valid) {
                dropConnection();
            }
        }
        if (connection == null) {
            Handle opened = jdbi.open();
            try {
                prepare.accept(opened);
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
            connection = opened;
        }
        lastUsed = now;
        return connection;
    }

    private void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the writer's connection failed", e);
            }
            connection = null;
        }
    }

    private void commit(List<Task<?>> batch) {
        long started = System.nanoTime();
        lock.lock();
        try {
            Handle handle;
            try {
                handle = connection();
            } catch (RuntimeException e) {
                dropConnection();
                throw e;
            }
            TransactionState state = TransactionState.of(handle);
            List<Object> results;
            try {
                results = tryWhole(handle, batch);
                if (results == null) {
                    results = runIsolated(handle, batch);
                }
                if (handle.isInTransaction()) {
                    handle.commit();
                }
            } catch (Throwable e) {
                state.clear();
                try {
                    if (handle.isInTransaction()) {
                        handle.rollback();
                    }
                } finally {
                    dropConnection(); // a connection that failed once is not trusted with the next batch
                }
                throw e;
            }
            state.committed();
            commits.incrementAndGet();
            try {
                listener.committed(batch.size(), System.nanoTime() - started);
            } catch (RuntimeException e) {
                LOG.warn("a commit listener failed", e);
            }
            completeAll(batch, results);
        } finally {
            lock.unlock();
        }
    }

    /** The results of every write, uncommitted; null when one failed and the transaction was rolled back. */
    private static List<Object> tryWhole(Handle handle, List<Task<?>> batch) {
        handle.begin();
        List<Object> results = new ArrayList<>(batch.size());
        try {
            for (Task<?> task : batch) {
                results.add(task.work().withHandle(handle));
            }
            return results;
        } catch (RuntimeException | Error e) {
            handle.rollback();
            TransactionState.of(handle).clear();
            if (batch.size() == 1) {
                // alone in its batch: nothing to run again, the write has failed
                batch.get(0).done().completeExceptionally(e);
                return java.util.Collections.singletonList(null);
            }
            return null;
        }
    }

    private static List<Object> runIsolated(Handle handle, List<Task<?>> batch) {
        TransactionState state = TransactionState.of(handle);
        handle.begin();
        List<Object> results = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Task<?> task = batch.get(i);
            String savepoint = "w" + i;
            handle.savepoint(savepoint);
            int mark = state.mark();
            try {
                results.add(task.work().withHandle(handle));
                handle.releaseSavepoint(savepoint);
            } catch (RuntimeException | Error e) {
                handle.rollbackToSavepoint(savepoint);
                state.rollbackTo(mark);
                results.add(null);
                task.done().completeExceptionally(e);
            }
        }
        return results;
    }

    @SuppressWarnings("unchecked")
    private static void completeAll(List<Task<?>> batch, List<Object> results) {
        for (int i = 0; i < batch.size(); i++) {
            CompletableFuture<Object> done = (CompletableFuture<Object>) batch.get(i).done();
            if (!done.isDone()) {
                done.complete(results.get(i));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
