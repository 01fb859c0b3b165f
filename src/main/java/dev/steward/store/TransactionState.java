package dev.steward.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.config.JdbiConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is true only inside one transaction, attached to the {@link Handle} that runs it: values such as
 * the audit chain's head after the last append, and the actions that may happen only once the
 * transaction has committed (cache fills, evictions, messages). A rollback — of the transaction or of
 * one write's savepoint — forgets the values and drops the actions registered since, so a write that is
 * rolled back and run again repeats nothing outside the database. Not thread-safe: a handle belongs to
 * one thread.
 */
public final class TransactionState implements JdbiConfig<TransactionState> {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionState.class);

    private final Map<String, Object> values = new HashMap<>();
    private final List<Runnable> afterCommit = new ArrayList<>();

    public TransactionState() {
        // one empty state per handle
    }

    public static TransactionState of(Handle handle) {
        return handle.getConfig().get(TransactionState.class);
    }

    /**
     * Runs {@code action} once the transaction {@code handle} is in has committed, and never if it rolls
     * back; at once when {@code handle} is in no transaction (a read: nothing to wait for).
     */
    public static void afterCommit(Handle handle, Runnable action) {
        if (handle.isInTransaction()) {
            of(handle).afterCommit.add(action);
        } else {
            action.run();
        }
    }

    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return (T) values.get(key);
    }

    public void put(String key, Object value) {
        values.put(key, value);
    }

    /** Where the actions of the next write begin, for {@link #rollbackTo} if that write fails. */
    int mark() {
        return afterCommit.size();
    }

    /** Forgets what a rollback to a savepoint taken at {@code mark} made untrue. */
    void rollbackTo(int mark) {
        afterCommit.subList(mark, afterCommit.size()).clear();
        forgetValues();
    }

    /** Forgets everything of a rolled-back transaction. */
    void clear() {
        afterCommit.clear();
        forgetValues();
    }

    /** Runs the actions of a committed transaction, in order; one that fails is logged and the rest still run. */
    void committed() {
        List<Runnable> actions = List.copyOf(afterCommit);
        afterCommit.clear();
        forgetValues();
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                LOG.error("an action after commit failed", e);
            }
        }
    }

    /** Values are cleared, prepared statements stay: they belong to the connection. */
    private void forgetValues() {
        values.keySet().removeIf(key -> !key.startsWith("sql:"));
    }

    @Override
    public TransactionState createCopy() {
        return new TransactionState();
    }
}
