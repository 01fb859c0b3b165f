package dev.steward.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** For bench/postgres.sh: {@code CreateDatabase SERVER_URL NAME} creates an empty database for one benchmark run. */
public final class CreateDatabase {
    private CreateDatabase() { }

    public static void main(String[] args) throws SQLException {
        if (args.length != 2 || !args[1].matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("usage: CreateDatabase jdbc:postgresql://… name");
        }
        try (Connection connection = DriverManager.getConnection(args[0]); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + args[1]);
        }
    }
}
