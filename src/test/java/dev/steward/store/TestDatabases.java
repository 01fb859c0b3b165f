package dev.steward.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two real databases every storage test runs against: a fresh SQLite file, or a fresh database
 * in one embedded PostgreSQL 15 started once per test JVM (from the zonky jars).
 */
public enum TestDatabases {
    SQLITE, POSTGRESQL;

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    /** A new, empty, migrated database; {@code dir} holds the SQLite file. */
    public Database open(Path dir) {
        return this == SQLITE ? Database.embedded(dir) : Database.postgres(freshPostgresUrl());
    }

    /** A JDBC URL of a new empty PostgreSQL database. */
    public static synchronized String freshPostgresUrl() {
        try {
            if (postgres == null) {
                Path home = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
                Files.createDirectories(home);
                postgres = EmbeddedPostgres.builder().setOverrideWorkingDirectory(home.toFile()).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException e) {
                        // the JVM is exiting
                    }
                }));
            }
            String name = "steward_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            return postgres.getJdbcUrl("postgres", name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
    }

    /** The data directory of the embedded PostgreSQL server, to look at its files. */
    public static synchronized Path postgresDataDirectory() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
            var result = statement.executeQuery("SHOW data_directory");
            result.next();
            return Path.of(result.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the data directory", e);
        }
    }
}
