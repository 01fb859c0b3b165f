package dev.steward.backup;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Backups. Of the embedded database, a consistent copy of {@code steward.db} taken with SQLite's
 * {@code VACUUM INTO}; of PostgreSQL, a zip of every table in binary COPY form ({@link PostgresBackups}).
 * Either holds only ciphertext and wrapped keys, so it is useless without the master key, which it does
 * not contain. Restoring puts the copy in place; the caller then replays the erasure journal so nothing
 * erased since the backup comes back.
 */
public final class Backups {
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    static final String DATABASE_FILE = "steward.db";

    private Backups() {
    }

    /** Writes a consistent copy of the running database to {@code target}, which must not exist yet. */
    public static void create(Database database, Path target, java.time.Clock clock) {
        if (Files.exists(target)) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, target + " already exists; a backup never "
                    + "overwrites a file");
        }
        if (database.isPostgres()) {
            PostgresBackups.create(database, target, clock);
            return;
        }
        Database.createPrivately(target);
        try {
            database.jdbi().useHandle(handle -> handle.execute("VACUUM INTO ?", target.toAbsolutePath().toString()));
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    /**
     * Replaces {@code steward.db} in {@code dataDir} by the backup; the server must be stopped. The
     * backup is checked first and copied beside the database, so a bad file changes nothing.
     */
    public static void restore(Path dataDir, Path backup) {
        restore(dataDir, backup, java.util.Optional.empty());
    }

    /**
     * As {@link #restore(Path, Path)}, refusing — before anything is replaced — a backup whose database
     * belongs to another erasure journal than {@code journalId}, the journal of {@code dataDir}: restored
     * there, erasures made after the backup could not be replayed and would come back.
     */
    public static void restore(Path dataDir, Path backup, java.util.Optional<String> journalId) {
        byte[] head = head(backup);
        if (PostgresBackups.looksLikeOne(head)) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, backup + " is a backup of PostgreSQL; restore it "
                    + "with --db pointing at the PostgreSQL database");
        }
        if (!Arrays.equals(head, SQLITE_HEADER)) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, backup + " is not a Steward backup (not an "
                    + "SQLite database)");
        }
        try {
            Path live = dataDir.resolve(DATABASE_FILE);
            Path staged = dataDir.resolve("." + DATABASE_FILE + ".restoring");
            Files.deleteIfExists(staged);
            Database.createPrivately(staged);
            try (OutputStream out = Files.newOutputStream(staged)) { // into the 0600 file, keeping its mode
                Files.copy(backup, out);
            }
            java.util.Optional<String> owner = journalOf(staged);
            if (owner.isPresent() && !owner.equals(journalId)) {
                deleteQuietly(staged);
                throw new StewardException(ErrorCode.CONFIG_INVALID, backup + " belongs to erasure journal "
                        + owner.get() + ", which is not in " + dataDir + "; copy erasure-journal.log from the data "
                        + "directory it came from first (without it, erasures made after the backup would come back)");
            }
            Files.deleteIfExists(dataDir.resolve(DATABASE_FILE + "-wal"));
            Files.deleteIfExists(dataDir.resolve(DATABASE_FILE + "-shm"));
            Files.move(staged, live, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("restore failed; the database was not replaced", e);
        }
    }

    /**
     * Replaces every row of the PostgreSQL {@code database} by the backup's, in one transaction; the
     * servers using it must be stopped. A file that is not a PostgreSQL backup changes nothing.
     */
    public static void restore(Database database, Path backup) {
        byte[] head = head(backup);
        if (Arrays.equals(head, SQLITE_HEADER)) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, backup + " is a backup of an embedded database; "
                    + "it cannot be restored into PostgreSQL");
        }
        if (!PostgresBackups.looksLikeOne(head)) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, backup + " is not a Steward backup of PostgreSQL");
        }
        PostgresBackups.restore(database, backup);
    }

    /** The erasure journal an embedded database (or backup) is bound to; empty for one made before binding. */
    private static java.util.Optional<String> journalOf(Path database) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                + database.toAbsolutePath());
             java.sql.Statement statement = connection.createStatement()) {
            try (java.sql.ResultSet table = statement.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type = "
                    + "'table' AND name = 'erasure_journal_ref'")) {
                if (!table.next() || table.getInt(1) == 0) {
                    return java.util.Optional.empty();
                }
            }
            try (java.sql.ResultSet row = statement.executeQuery("SELECT journal_id FROM erasure_journal_ref")) {
                return row.next() ? java.util.Optional.of(row.getString(1)) : java.util.Optional.empty();
            }
        } catch (java.sql.SQLException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, database + " is not a readable Steward backup");
        }
    }

    /** The first bytes of a backup file, which tell an SQLite file from a PostgreSQL backup. */
    private static byte[] head(Path backup) {
        if (!Files.isRegularFile(backup)) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, backup + " is not a file");
        }
        try (InputStream in = Files.newInputStream(backup)) {
            return in.readNBytes(SQLITE_HEADER.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + backup, e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the error being reported matters more
        }
    }
}
