package dev.steward.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.store.Database;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Backups of a PostgreSQL database without external tools: every Steward table copied in PostgreSQL's
 * binary COPY format from one repeatable-read snapshot, in an order where referenced tables come first,
 * into a zip with a manifest (format, schema version, tables). Restoring checks the manifest against
 * the live schema and replaces every table's rows in one transaction — all or nothing — with user
 * triggers off (the audit chain head is restored as it was) and sequences moved past the restored
 * ids. Like the embedded backups it holds ciphertext and wrapped keys only.
 */
final class PostgresBackups {
    static final String FORMAT = "steward-postgresql-backup";
    private static final String MANIFEST = "manifest.json";
    private static final String HISTORY = "flyway_schema_history";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PostgresBackups() {
    }

    static void create(Database database, Path target, java.time.Clock clock) {
        Database.createPrivately(target);
        try (OutputStream file = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(file)) {
            database.jdbi().inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
                handle.execute("SET TRANSACTION READ ONLY");
                List<String> tables = tablesInOrder(handle);
                Map<String, Object> manifest = new LinkedHashMap<>();
                manifest.put("format", FORMAT);
                manifest.put("version", 1);
                manifest.put("schema_version", schemaVersion(handle));
                manifest.put("created_at", clock.instant().toString());
                manifest.put("tables", tables);
                try {
                    zip.putNextEntry(new ZipEntry(MANIFEST));
                    zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                    zip.closeEntry();
                    CopyManager copy = copyManager(handle);
                    for (String table : tables) {
                        zip.putNextEntry(new ZipEntry("tables/" + table + ".copy"));
                        copy.copyOut("COPY " + quote(table) + " TO STDOUT (FORMAT binary)", zip);
                        zip.closeEntry();
                    }
                } catch (IOException | SQLException e) {
                    throw new IllegalStateException("the backup could not be written", e);
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            Backups.deleteQuietly(target);
            if (e instanceof StewardException steward) {
                throw steward;
            }
            throw new StewardException(ErrorCode.CONFIG_INVALID, "backup failed, nothing written: " + e.getMessage());
        }
    }

    /** True when {@code file} starts like a zip (a PostgreSQL backup) rather than an SQLite database. */
    static boolean looksLikeOne(byte[] head) {
        return head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }

    /** Replaces every table's rows by the backup's, in one transaction; the schema versions must match. */
    static void restore(Database database, Path backup) {
        try (InputStream file = Files.newInputStream(backup); ZipInputStream zip = new ZipInputStream(file)) {
            ZipEntry first = zip.getNextEntry();
            if (first == null || !first.getName().equals(MANIFEST)) {
                throw notABackup(backup);
            }
            JsonNode manifest = JSON.readTree(zip.readAllBytes());
            if (!FORMAT.equals(manifest.path("format").asText()) || manifest.path("version").asInt() != 1) {
                throw notABackup(backup);
            }
            List<String> tables = new ArrayList<>();
            manifest.path("tables").forEach(table -> tables.add(table.asText()));
            database.jdbi().useTransaction(handle -> {
                String live = schemaVersion(handle);
                String saved = manifest.path("schema_version").asText();
                if (!live.equals(saved)) {
                    throw new StewardException(ErrorCode.CONFIG_INVALID, backup + " was taken at schema version "
                            + saved + " and this database is at " + live + "; restore it with the Steward release that "
                            + "wrote it, then upgrade");
                }
                Set<String> present = new LinkedHashSet<>(tablesInOrder(handle));
                if (!present.equals(new LinkedHashSet<>(tables))) {
                    throw new StewardException(ErrorCode.CONFIG_INVALID, backup + " lists tables " + tables
                            + " but the database has " + present);
                }
                for (String table : tables) {
                    handle.execute("ALTER TABLE " + quote(table) + " DISABLE TRIGGER USER");
                }
                handle.execute("TRUNCATE " + String.join(", ", tables.stream().map(PostgresBackups::quote).toList()));
                CopyManager copy = copyManager(handle);
                try {
                    for (String table : tables) {
                        ZipEntry entry = zip.getNextEntry();
                        if (entry == null || !entry.getName().equals("tables/" + table + ".copy")) {
                            throw notABackup(backup);
                        }
                        copy.copyIn("COPY " + quote(table) + " FROM STDIN (FORMAT binary)", unclosable(zip));
                    }
                } catch (IOException | SQLException e) {
                    throw new StewardException(ErrorCode.CONFIG_INVALID, backup + " could not be read back: "
                            + e.getMessage() + "; the database was not changed");
                }
                for (String table : tables) {
                    handle.execute("ALTER TABLE " + quote(table) + " ENABLE TRIGGER USER");
                }
                requireOurJournal(handle, database, backup);
                moveSequences(handle);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("restore failed; the database was not changed", e);
        }
    }

    /**
     * Refuses (rolling the restore back) a backup of a database that belongs to another erasure journal
     * than the one this database's nodes share: erasures made after it could not be replayed.
     */
    private static void requireOurJournal(Handle handle, Database database, Path backup) {
        java.util.Optional<String> owner = handle.createQuery("SELECT journal_id FROM erasure_journal_ref")
                .mapTo(String.class).findFirst();
        java.util.Optional<String> ours = handle.createQuery("SELECT journal_id FROM " + database.keepSchema()
                + ".journal_name").mapTo(String.class).findFirst();
        if (owner.isPresent() && !owner.equals(ours)) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, backup + " belongs to erasure journal " + owner.get()
                    + ", which is not the one in schema " + database.keepSchema() + " of this database; copy that "
                    + "schema from the database the backup came from (pg_dump --schema) first, or erasures made after "
                    + "the backup would come back; the database was not changed");
        }
    }

    /** Every table of the schema except Flyway's, each after the tables it references. */
    private static List<String> tablesInOrder(Handle handle) {
        List<String> tables = handle.createQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                + "AND tablename <> :history ORDER BY tablename").bind("history", HISTORY).mapTo(String.class).list();
        Map<String, Set<String>> references = new LinkedHashMap<>();
        tables.forEach(table -> references.put(table, new LinkedHashSet<>()));
        handle.createQuery("SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c JOIN "
                + "pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = current_schema()")
                .map((rs, ctx) -> Map.entry(unquote(rs.getString(1)), unquote(rs.getString(2))))
                .forEach(edge -> {
                    if (references.containsKey(edge.getKey()) && !edge.getKey().equals(edge.getValue())) {
                        references.get(edge.getKey()).add(edge.getValue());
                    }
                });
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < tables.size()) {
            boolean progressed = false;
            for (String table : tables) {
                if (!ordered.contains(table) && ordered.containsAll(references.get(table))) {
                    ordered.add(table);
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalStateException("the tables' foreign keys form a cycle");
            }
        }
        return ordered;
    }

    private static String schemaVersion(Handle handle) {
        return handle.createQuery("SELECT version FROM " + HISTORY + " WHERE success AND version IS NOT NULL ORDER BY "
                + "installed_rank DESC LIMIT 1").mapTo(String.class).one();
    }

    /** Sets each serial column's sequence past the largest restored id. */
    private static void moveSequences(Handle handle) {
        List<String[]> serials = handle.createQuery("SELECT c.relname, a.attname, pg_get_serial_sequence("
                + "quote_ident(c.relname), a.attname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "JOIN pg_attribute a ON a.attrelid = c.oid WHERE n.nspname = current_schema() AND c.relkind = 'r' "
                + "AND a.attnum > 0 AND NOT a.attisdropped AND pg_get_serial_sequence(quote_ident(c.relname), "
                + "a.attname) IS NOT NULL").map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2),
                        rs.getString(3)}).list();
        for (String[] serial : serials) {
            handle.createQuery("SELECT setval(:seq, COALESCE((SELECT MAX(" + quote(serial[1]) + ") FROM "
                    + quote(serial[0]) + "), 1), (SELECT MAX(" + quote(serial[1]) + ") FROM " + quote(serial[0])
                    + ") IS NOT NULL)").bind("seq", serial[2]).mapTo(Long.class).one();
        }
    }

    private static CopyManager copyManager(Handle handle) {
        try {
            return handle.getConnection().unwrap(PGConnection.class).getCopyAPI();
        } catch (SQLException e) {
            throw new IllegalStateException("not a PostgreSQL connection", e);
        }
    }

    /** Table names come from the catalogue, never from input; quoted all the same. */
    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String unquote(String identifier) {
        return identifier.startsWith("\"") ? identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"")
                : identifier;
    }

    private static StewardException notABackup(Path backup) {
        return new StewardException(ErrorCode.CONFIG_INVALID, backup + " is not a Steward backup of PostgreSQL");
    }

    /** The zip entry's stream, which COPY must not close (the next entry follows in the same stream). */
    private static InputStream unclosable(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // the zip stream stays open for the next table
            }
        };
    }
}
