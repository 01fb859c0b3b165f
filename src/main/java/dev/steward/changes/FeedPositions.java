package dev.steward.changes;

import dev.steward.store.Database;
import org.jdbi.v3.core.Handle;

/**
 * How far a reader of the change log that runs on one node at a time has got (the Kafka publisher, the
 * compaction): a cursor per name in {@code feed_position}, moved forward only by compare-and-set.
 */
final class FeedPositions {
    private FeedPositions() { }

    /** The position of {@code name}: the start of the log before it first moved. */
    static String read(Database database, String name) {
        return database.read(handle -> handle.createQuery("SELECT position FROM feed_position WHERE name = :n")
                .bind("n", name).mapTo(String.class).findOne().orElse(Cursor.START.toString()));
    }

    /** Moves {@code name} from {@code from} to {@code to} in the caller's transaction; false if it was not at {@code from}. */
    static boolean advance(Handle handle, String name, String from, String to) {
        handle.createUpdate("INSERT INTO feed_position (name, position) VALUES (:n, :p) ON CONFLICT (name) DO NOTHING")
                .bind("n", name).bind("p", Cursor.START.toString()).execute();
        return handle.createUpdate("UPDATE feed_position SET position = :to WHERE name = :n AND position = :from")
                .bind("to", to).bind("n", name).bind("from", from).execute() == 1;
    }
}
