package dev.steward.store;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Steward's SQL store: opens the database, brings its schema up to date with Flyway, and hands out a
 * {@link Jdbi}. The embedded default is one SQLite file in the data directory, in WAL mode with
 * {@code synchronous=FULL} so that an acknowledged write survives a crash. Thread-safe.
 */
public final class Database implements AutoCloseable {
    private final Jdbi jdbi;
    private final String dialect;
    private volatile GroupCommitter committer;
    private volatile String keepSchema;
    /** SQLite allows one writer at a time; writers queue here instead of failing with SQLITE_BUSY. */
    private final java.util.concurrent.locks.ReentrantLock writeLock = new java.util.concurrent.locks.ReentrantLock(true);

    private final DataSource dataSource;

    private Database(DataSource dataSource, String dialect) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        // Statement errors never render their bound values: they could be personal data.
        this.jdbi.getConfig(org.jdbi.v3.core.statement.StatementExceptions.class)
                .setMessageRendering(org.jdbi.v3.core.statement.StatementExceptions.MessageRendering.NONE);
        this.dialect = dialect;
        Times.register(jdbi, isPostgres());
    }

    /** The embedded database file {@code steward.db} inside {@code dataDir}, migrated. */
    public static Database embedded(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, "cannot create the data directory " + dataDir);
        }
        createPrivately(dataDir.resolve("steward.db"));
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(10_000);
        // A write transaction takes the write lock when it begins, waiting its turn: begun deferred, a
        // write that read first fails at once with SQLITE_BUSY when another process committed meanwhile.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + dataDir.resolve("steward.db").toAbsolutePath());
        return migrated(dataSource, "sqlite");
    }

    /** A PostgreSQL database from a {@code jdbc:postgresql://host/db?user=…} URL, migrated. */
    public static Database postgres(String url) {
        return postgres(url, null);
    }

    /**
     * A PostgreSQL database from a {@code jdbc:postgresql://host/db?user=…} URL and a password (or null),
     * migrated, on plain connections (for the CLI and tools that run one thing at a time).
     */
    public static Database postgres(String url, String password) {
        return migrated(reachable(url, password), "postgresql");
    }

    /**
     * {@link #postgres(String, String)} through a HikariCP pool of at most {@code poolSize} connections,
     * for serve (one of them listens to the change log). {@link #close} closes the pool.
     */
    public static Database postgres(String url, String password, int poolSize) {
        com.zaxxer.hikari.HikariConfig pool = new com.zaxxer.hikari.HikariConfig();
        pool.setDataSource(reachable(url, password));
        pool.setPoolName("steward");
        pool.setMaximumPoolSize(poolSize);
        pool.setMinimumIdle(Math.min(2, poolSize));
        pool.setConnectionTimeout(10_000);
        com.zaxxer.hikari.HikariDataSource pooled = new com.zaxxer.hikari.HikariDataSource(pool);
        try {
            return migrated(pooled, "postgresql");
        } catch (RuntimeException e) {
            pooled.close();
            throw e;
        }
    }

    /** The server's data source once one connection succeeded; a refusal is explained from its SQLSTATE. */
    private static PGSimpleDataSource reachable(String url, String password) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, "unsupported database URL; use jdbc:postgresql://… "
                    + "or leave it empty for the embedded database");
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        if (password != null) {
            dataSource.setPassword(password);
        }
        try (var connection = dataSource.getConnection()) {
            connection.isValid(5);
        } catch (java.sql.SQLException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, connectionFailure(e.getSQLState()));
        }
        return dataSource;
    }

    /**
     * The database of an installation that already exists, for verbs that run beside or instead of the
     * server: a mistyped {@code --data} must not create an empty installation and report success on it.
     * Throws {@code config_invalid} when {@code dataDir} holds no embedded database, or the database
     * (embedded or PostgreSQL) was never started by {@code serve}.
     */
    public static Database existing(Path dataDir, String url) {
        return existing(dataDir, url, null);
    }

    /** {@link #existing(Path, String)} with a PostgreSQL password kept out of the URL. */
    public static Database existing(Path dataDir, String url, String password) {
        boolean embedded = url == null || url.isEmpty();
        if (embedded && !Files.isRegularFile(dataDir.resolve("steward.db"))) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, "no Steward installation in " + dataDir
                    + " (no steward.db); check --data, start 'steward serve --data " + dataDir + "' once, or add --init");
        }
        Database database = open(dataDir, url, password);
        if (!database.started()) {
            database.close();
            throw new StewardException(ErrorCode.CONFIG_INVALID, "the database has never been used by Steward; check "
                    + (embedded ? "--data" : "--db") + ", start 'steward serve' on it once, or add --init");
        }
        return database;
    }

    /** Whether Steward has ever started on this database (for {@code --init}); an embedded one is not created. */
    public static boolean installed(Path dataDir, String url, String password) {
        if ((url == null || url.isEmpty()) && !Files.isRegularFile(dataDir.resolve("steward.db"))) {
            return false;
        }
        try (Database database = open(dataDir, url, password)) {
            return database.started();
        }
    }

    /** A first start writes the system keys; a database without them was never used by Steward. */
    private boolean started() {
        return jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM system_key")
                .mapTo(Integer.class).one()) > 0;
    }

    /** The embedded database in {@code dataDir}, or PostgreSQL when {@code url} is not empty. */
    public static Database open(Path dataDir, String url) {
        return open(dataDir, url, null);
    }

    /** {@link #open(Path, String)} with a PostgreSQL password kept out of the URL. */
    public static Database open(Path dataDir, String url, String password) {
        return url == null || url.isEmpty() ? embedded(dataDir) : postgres(url, password);
    }

    /** {@link #open(Path, String, String)} with at most {@code poolSize} PostgreSQL connections. */
    public static Database open(Path dataDir, String url, String password, int poolSize) {
        return url == null || url.isEmpty() ? embedded(dataDir) : postgres(url, password, poolSize);
    }

    /** What to check when PostgreSQL refuses a connection, by SQLSTATE; never the server's own text. */
    static String connectionFailure(String state) {
        String prefix = "cannot connect to PostgreSQL: ";
        if (state == null) {
            return prefix + "no answer; check the host and port in --db";
        }
        return prefix + switch (state) {
            case "28000", "28P01" -> "the user or password was refused; check user= in --db and the password "
                    + "(STEWARD_DB_PASSWORD or --db-password-file)";
            case "3D000" -> "the database in --db does not exist; create it first (createdb)";
            case "42501" -> "the user may not connect to or use this database; grant it CONNECT and CREATE";
            case "53300" -> "the server has no free connections";
            case "57P03" -> "the server is starting up or shutting down; try again shortly";
            default -> state.startsWith("08") ? "the server cannot be reached; check the host and port in --db, and "
                    + "that PostgreSQL is running" : "the server refused (SQLSTATE " + state + ")";
        };
    }

    /** Creates the database file readable by its owner only; SQLite gives its -wal and -shm files the same mode. */
    /** Creates an empty file only its owner can read, unless it exists. */
    public static void createPrivately(Path file) {
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException | java.io.IOException e) {
            // a file system without POSIX modes: SQLite creates the file itself
        }
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

    /** True when a query reaches the database now (for {@code /health/ready}). */
    public boolean reachable() {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                return jdbi.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
            } catch (RuntimeException e) {
                // the server may have dropped every pooled connection (a restart): retire the idle ones, so
                // the second try opens a fresh connection
                if (dataSource instanceof com.zaxxer.hikari.HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
                    pool.getHikariPoolMXBean().softEvictConnections();
                }
            }
        }
        return false;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** {@code sqlite} or {@code postgresql}: which migration set and SQL flavour is in use. */
    public String dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in one write transaction: all of it commits or none of it does. On SQLite,
     * writers take turns; on PostgreSQL they run concurrently and rely on row locks.
     */
    public <T> T write(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        GroupCommitter group = committer;
        if (group != null) {
            return group.submit(work);
        }
        if (isPostgres()) {
            return inTransaction(work);
        }
        writeLock.lock();
        try {
            return inTransaction(work);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} on a connection of its own, outside any write transaction and never on the
     * writer thread: reads do not queue behind writes. Audited reads read here, then append their
     * audit entry with {@link #write}, and return only once it is durable.
     */
    public <T> T read(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        return jdbi.withHandle(work);
    }

    /** One transaction on its own handle; what it asked to happen after commit runs once it has committed. */
    private <T> T inTransaction(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        try (org.jdbi.v3.core.Handle handle = jdbi.open()) {
            TransactionState state = TransactionState.of(handle);
            T result;
            try {
                handle.begin();
                result = work.withHandle(handle);
                handle.commit();
            } catch (RuntimeException | Error e) {
                state.clear();
                if (handle.isInTransaction()) {
                    handle.rollback();
                }
                throw e;
            }
            state.committed();
            return result;
        }
    }

    private Checkpointer checkpointer;

    /**
     * Turns on group commit: from now on {@link #write} hands its work to one writer thread that
     * commits up to {@code maxBatch} waiting writes with one fsync. Each write still commits or fails
     * on its own (a savepoint each), and returns only once durable.
     */
    public Database withGroupCommit(int maxBatch) {
        return withGroupCommit(maxBatch, Checkpointer.RESTART_FRAMES, Checkpointer.EVERY_MILLIS);
    }

    /**
     * {@link #withGroupCommit(int)}, the SQLite log checkpointed every {@code everyMillis} and copied to its
     * end from {@code restartFrames} frames on.
     */
    synchronized Database withGroupCommit(int maxBatch, int restartFrames, long everyMillis) {
        if (committer == null) {
            if (isPostgres()) {
                committer = new GroupCommitter(jdbi, writeLock, maxBatch);
            } else {
                // The writer never checkpoints: a commit that crossed the WAL's threshold would copy pages
                // into the database file and fsync it before its writers heard back. A thread of its own
                // does that beside the writer (Checkpointer).
                GroupCommitter writer = new GroupCommitter(jdbi, writeLock, maxBatch,
                        handle -> handle.execute("PRAGMA wal_autocheckpoint = 0"));
                committer = writer;
                checkpointer = Checkpointer.start(jdbi, writeLock, restartFrames, writer::commits, everyMillis);
            }
        }
        return this;
    }

    /** Tells {@code listener} of every group commit (batch size and time), for metrics. */
    public synchronized void observeCommits(CommitListener listener) {
        if (committer != null) {
            committer.observe(listener);
        }
    }

    /** Stops the group-commit writer after the writes already queued, then closes the connection pool. */
    public synchronized void close() {
        if (committer != null) {
            committer.close();
            committer = null;
        }
        if (checkpointer != null) {
            checkpointer.close();
            checkpointer = null;
        }
        if (dataSource instanceof com.zaxxer.hikari.HikariDataSource pool) {
            pool.close();
        }
    }

    /** The lock SQLite writers share; the group committer holds it while it writes a batch. */
    public java.util.concurrent.locks.ReentrantLock writeLock() {
        return writeLock;
    }

    public boolean isPostgres() {
        return "postgresql".equals(dialect);
    }

    /**
     * On PostgreSQL, the quoted name of the schema beside Steward's that a restore does not roll back
     * ({@code <schema>_keep}: the erasure journal and the outbox every node shares).
     */
    public String keepSchema() {
        if (!isPostgres()) {
            throw new IllegalStateException("the embedded database keeps its journal and outbox in files");
        }
        String schema = keepSchema;
        if (schema == null) {
            String current = jdbi.withHandle(handle -> handle.createQuery("SELECT current_schema()").mapTo(String.class)
                    .one());
            schema = keepSchema = "\"" + current.replace("\"", "\"\"") + "_keep\"";
        }
        return schema;
    }
}
