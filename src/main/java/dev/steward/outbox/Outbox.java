package dev.steward.outbox;

import dev.steward.store.Database;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Where Steward's mail goes (verification codes, notices of a policy change). Every message about a
 * subject names the subject's opaque id, so erasing the subject deletes the addresses and codes it left
 * behind ({@link #forget}). Thread-safe.
 */
public interface Outbox {

    /**
     * The outbox of {@code database}: on the embedded database, {@code .eml} files in {@code directory};
     * on PostgreSQL, a queue every node shares that each node hands to its {@code directory}.
     */
    static Outbox of(Database database, Path directory, Clock clock, String from) {
        MailDirectory files = new MailDirectory(directory, clock, from);
        return database.isPostgres() ? new SharedOutbox(database, files, clock) : files;
    }

    /** Sends one message about {@code subjectId} (null when it concerns no known subject). */
    void send(String subjectId, String to, String subject, String body);

    /** Deletes every message about {@code subjectId} not yet handed over; returns how many went. */
    int forget(String subjectId);

    /** Hands over what is waiting (the shared queue); returns how many messages went. */
    default int deliver() {
        return 0;
    }
}
