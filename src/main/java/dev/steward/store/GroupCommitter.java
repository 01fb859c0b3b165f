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

    GroupCommitter(Jdbi jdbi, java.util.concurrent.locks.ReentrantLock lock, int maxBatch) {
        this.jdbi = jdbi;
        this.lock = lock;
        this.maxBatch = maxBatch;
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
            } catch (RuntimeException e) {
                LOG.error("group commit of {} writes failed", batch.size(), e);
                batch.forEach(task -> task.done().completeExceptionally(e));
            }
        }
    }

    /**
     * Runs the batch in one transaction without savepoints (the common case: every write succeeds);
     * if any write fails, the whole transaction is rolled back and the batch is run again with a
     * savepoint per write, so that only the failing writes fail.
     */
    private void commit(List<Task<?>> batch) {
        lock.lock();
        try (Handle handle = jdbi.open()) {
            if (!tryWhole(handle, batch)) {
                runIsolated(handle, batch);
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean tryWhole(Handle handle, List<Task<?>> batch) {
        handle.begin();
        List<Object> results = new ArrayList<>(batch.size());
        try {
            for (Task<?> task : batch) {
                results.add(task.work().withHandle(handle));
            }
        } catch (RuntimeException e) {
            handle.rollback();
            TransactionState.of(handle).clear();
            return false;
        }
        handle.commit();
        completeAll(batch, results);
        return true;
    }

    private void runIsolated(Handle handle, List<Task<?>> batch) {
        handle.begin();
        List<Object> results = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Task<?> task = batch.get(i);
            String savepoint = "w" + i;
            handle.savepoint(savepoint);
            try {
                results.add(task.work().withHandle(handle));
                handle.releaseSavepoint(savepoint);
            } catch (RuntimeException e) {
                handle.rollbackToSavepoint(savepoint);
                TransactionState.of(handle).clear();
                results.add(null);
                task.done().completeExceptionally(e);
            }
        }
        handle.commit();
        completeAll(batch, results);
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
