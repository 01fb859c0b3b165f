package dev.steward.vault;

import static dev.steward.vault.ErasureJournal.token;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.store.Database;
import dev.steward.store.HotStatements;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The erasure journal on PostgreSQL: a table in the schema beside Steward's ({@link Database#keepSchema})
 * that Steward's backups leave out and every node shares. Entries are written in the transaction of the
 * deletion they record, so the journal names exactly what committed, whichever node committed it.
 */
final class PostgresJournal implements ErasureJournal {
    private final Database database;
    private final String table;
    private final String names;

    private PostgresJournal(Database database) {
        this.database = database;
        this.table = database.keepSchema() + ".erasure_journal";
        this.names = database.keepSchema() + ".journal_name";
    }

    /**
     * The shared journal, having first taken in what an earlier release journaled to {@code file} on
     * this node's disk (replaying twice is harmless; the file is set aside once its entries committed).
     */
    static PostgresJournal adopting(Database database, FileJournal file, Instant now) {
        PostgresJournal journal = new PostgresJournal(database);
        if (Files.exists(file.file())) {
            List<Entry> earlier = file.entries();
            database.write(handle -> {
                for (Entry entry : earlier) {
                    journal.insert(handle, entry);
                }
                return null;
            });
            try {
                Path adopted = file.file().resolveSibling(file.file().getFileName() + ".adopted-" + now.toEpochMilli());
                Files.move(file.file(), adopted, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot set the adopted erasure journal file aside", e);
            }
        }
        return journal;
    }

    @Override
    public Optional<String> id() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT journal_id FROM " + names)
                .mapTo(String.class).findFirst());
    }

    @Override
    public void bind(Database bound, Instant now) {
        database.write(handle -> {
            handle.createUpdate("INSERT INTO " + names + " (journal_id, created_at) VALUES (:j, :t) ON CONFLICT DO "
                    + "NOTHING").bind("j", "ej_" + java.util.UUID.randomUUID().toString().replace("-", ""))
                    .bind("t", now).execute();
            String named = handle.createQuery("SELECT journal_id FROM " + names).mapTo(String.class).one();
            Optional<String> owner = handle.createQuery("SELECT journal_id FROM erasure_journal_ref").mapTo(String.class)
                    .findFirst();
            if (owner.isEmpty()) {
                handle.createUpdate("INSERT INTO erasure_journal_ref (journal_id, bound_at) VALUES (:j, :t) ON CONFLICT "
                        + "DO NOTHING").bind("j", named).bind("t", now).execute();
            } else if (!owner.get().equals(named)) {
                throw notOurs(owner.get(), database);
            }
            return null;
        });
    }

    /** The refusal for a database (or backup) of another journal than this database's shared one. */
    static StewardException notOurs(String owner, Database database) {
        return new StewardException(ErrorCode.CONFIG_INVALID, "these tables belong to erasure journal " + owner
                + ", which is not the one in schema " + database.keepSchema() + "; copy that schema from the database "
                + "they came from (pg_dump --schema) first, or erasures made after the backup would come back");
    }

    @Override
    public void appendAll(Handle handle, List<String> subjectIds, String keyClass, Instant at) {
        if (subjectIds.isEmpty()) {
            return;
        }
        // one statement for the lot, in the order given
        HotStatements.execute(handle, "INSERT INTO " + table + " (kind, subject_id, target, at) "
                + "SELECT 'v1', s, ?::text, ?::timestamptz "
                + "FROM unnest(?::text[]) WITH ORDINALITY AS u(s, n) ORDER BY n", token(keyClass), at,
                HotStatements.textArray(handle, subjectIds.stream().map(ErasureJournal::token).toList()));
    }

    @Override
    public void appendRecords(Handle handle, List<RecordRef> records, Instant at) {
        if (records.isEmpty()) {
            return;
        }
        HotStatements.execute(handle, "INSERT INTO " + table + " (kind, subject_id, target, at) "
                + "SELECT 'r1', s, t, ?::timestamptz "
                + "FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS u(s, t, n) ORDER BY n", at,
                HotStatements.textArray(handle, records.stream().map(r -> token(r.subjectId())).toList()),
                HotStatements.textArray(handle, records.stream().map(r -> token(r.recordId())).toList()));
    }

    @Override
    public void appendHold(Handle handle, String subjectId, String holdId, List<String> categories, Instant until,
                           Instant at) {
        ErasureJournal.scope(categories);
        insert(handle, new Entry(Kind.HOLD_PLACED, token(subjectId), token(holdId), categories, until, at));
    }

    @Override
    public void appendRelease(Handle handle, String subjectId, String holdId, Instant at) {
        insert(handle, new Entry(Kind.HOLD_RELEASED, token(subjectId), token(holdId), List.of(), null, at));
    }

    private void insert(Handle handle, Entry entry) {
        handle.createUpdate("INSERT INTO " + table + " (kind, subject_id, target, categories, until, at) VALUES (:k, :s, "
                + ":t, :c, :u, :at)").bind("k", entry.kind().code()).bind("s", entry.subjectId())
                .bind("t", entry.target())
                .bind("c", entry.kind() == Kind.HOLD_PLACED ? ErasureJournal.scope(entry.categories()) : null)
                .bind("u", entry.until()).bind("at", entry.at()).execute();
    }

    @Override
    public List<Entry> entries() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT kind, subject_id, target, categories, "
                + "until, at FROM " + table + " ORDER BY seq").map((rs, ctx) -> {
                    Kind kind = Kind.of(rs.getString(1));
                    java.sql.Timestamp until = rs.getTimestamp(5);
                    return new Entry(kind, rs.getString(2), rs.getString(3), kind == Kind.HOLD_PLACED
                            ? ErasureJournal.categories(rs.getString(4)) : List.of(),
                            until == null ? null : until.toInstant(), rs.getTimestamp(6).toInstant());
                }).list());
    }
}
