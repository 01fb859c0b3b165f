package dev.steward.outbox;

import dev.steward.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The outbox of several nodes on one PostgreSQL: a message is queued in the shared schema that a restore
 * does not roll back ({@link Database#keepSchema}), then handed to a mail directory by whichever node
 * claims it first — the sender at once, any node later if the sender died. A claim lapses after
 * {@link #CLAIM}, so delivery is at least once; a message erased while it was being handed over is taken
 * back out of the directory. Each step is one statement on a connection of its own (never the group
 * writer's): an erasure's after-commit action may forget mail from the writer thread itself.
 */
final class SharedOutbox implements Outbox {
    static final Duration CLAIM = Duration.ofSeconds(30);
    private static final int BATCH = 100;
    private final Database database;
    private final MailDirectory directory;
    private final Clock clock;
    private final String table;
    private final String node = "node_" + UUID.randomUUID();

    SharedOutbox(Database database, MailDirectory directory, Clock clock) {
        this.database = database;
        this.directory = directory;
        this.clock = clock;
        this.table = database.keepSchema() + ".outbox_message";
    }

    @Override
    public void send(String subjectId, String to, String subject, String body) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        byte[] message = directory.format(id, to, subject, body).getBytes(StandardCharsets.UTF_8);
        // queued already claimed by this node, which hands it over at once; another takes it if this one dies
        database.jdbi().withHandle(handle -> handle.createUpdate("INSERT INTO " + table + " (id, subject_id, created_at, message, "
                + "claimed_by, claimed_until) VALUES (:id, :s, :t, :m, :node, :until)").bind("id", id)
                .bind("s", subjectId).bind("t", now).bind("m", message).bind("node", node)
                .bind("until", now.plus(CLAIM)).execute());
        handOver(new Claimed(id, subjectId, now, message));
    }

    private record Claimed(String id, String subjectId, Instant createdAt, byte[] message) { }

    @Override
    public int deliver() {
        int delivered = 0;
        while (true) {
            Instant now = clock.instant();
            List<Claimed> claimed = database.jdbi().withHandle(handle -> handle.createQuery("UPDATE " + table + " SET claimed_by = "
                    + ":node, claimed_until = :until WHERE id IN (SELECT id FROM " + table + " WHERE claimed_until IS "
                    + "NULL OR claimed_until < :now ORDER BY created_at LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED) "
                    + "RETURNING id, subject_id, created_at, message").bind("node", node).bind("until", now.plus(CLAIM))
                    .bind("now", now).map((rs, ctx) -> new Claimed(rs.getString(1), rs.getString(2),
                            rs.getTimestamp(3).toInstant(), rs.getBytes(4))).list());
            for (Claimed message : claimed) {
                delivered += handOver(message) ? 1 : 0;
            }
            if (claimed.size() < BATCH) {
                return delivered;
            }
        }
    }

    /** Writes a claimed message to the directory, after its claim committed; its row goes once the file is in place. */
    private boolean handOver(Claimed message) {
        java.nio.file.Path file = directory.write(message.id(), message.subjectId(),
                new String(message.message(), StandardCharsets.UTF_8), message.createdAt().toEpochMilli());
        int gone = database.jdbi().withHandle(handle -> handle.createUpdate("DELETE FROM " + table + " WHERE id = :id")
                .bind("id", message.id()).execute());
        if (gone == 0) {
            // the subject was erased meanwhile, and its forget ran before the file was there
            deleteQuietly(file);
            return false;
        }
        return true;
    }

    @Override
    public int forget(String subjectId) {
        int queued = database.jdbi().withHandle(handle -> handle.createUpdate("DELETE FROM " + table + " WHERE subject_id = :s")
                .bind("s", subjectId).execute());
        return queued + directory.forget(subjectId);
    }

    private static void deleteQuietly(java.nio.file.Path file) {
        try {
            java.nio.file.Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot take an erased message back out of the outbox", e);
        }
    }
}
