package dev.steward.store;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Steward's SQL store: opens the database, brings its schema up to date with Flyway, and hands out a
 * {@link Jdbi}. The embedded default is one SQLite file in the data directory, in WAL mode with
 * {@code synchronous=FULL} so that an acknowledged write survives a crash. Thread-safe.
 */
public final class Database {
    private final Jdbi jdbi;
    private final String dialect;

    private Database(DataSource dataSource, String dialect) {
        this.jdbi = Jdbi.create(dataSource);
        this.dialect = dialect;
    }

    /** The embedded database file {@code steward.db} inside {@code dataDir}, migrated. */
    public static Database embedded(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, "cannot create the data directory " + dataDir);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(10_000);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + dataDir.resolve("steward.db").toAbsolutePath());
        return migrated(dataSource, "sqlite");
    }

    private static Database migrated(DataSource dataSource, String dialect) {
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/" + dialect)
                    .failOnMissingLocations(true).load().migrate();
        } catch (FlywayException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, "the database schema could not be brought up to "
                    + "date: " + e.getMessage());
        }
        return new Database(dataSource, dialect);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** {@code sqlite} or {@code postgresql}: which migration set and SQL flavour is in use. */
    public String dialect() {
        return dialect;
    }
}
