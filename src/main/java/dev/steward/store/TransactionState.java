package dev.steward.store;

import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.config.JdbiConfig;

/**
 * Values that are true only inside one transaction (such as the audit chain's head after the last
 * append), attached to the {@link Handle} that runs it. Every handle starts empty, and the group
 * committer clears it whenever it rolls back, so nothing outlives the writes it describes. Not
 * thread-safe: a handle belongs to one thread.
 */
public final class TransactionState implements JdbiConfig<TransactionState> {
    private final Map<String, Object> values = new HashMap<>();

    public TransactionState() {
        // one empty state per handle
    }

    public static TransactionState of(Handle handle) {
        return handle.getConfig().get(TransactionState.class);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return (T) values.get(key);
    }

    public void put(String key, Object value) {
        values.put(key, value);
    }

    /** Forgets what a rollback made untrue; prepared statements stay, they belong to the connection. */
    public void clear() {
        values.keySet().removeIf(key -> !key.startsWith("sql:"));
    }

    @Override
    public TransactionState createCopy() {
        return new TransactionState();
    }
}
