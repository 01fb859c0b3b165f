package dev.steward.cli;

import dev.steward.config.Settings;
import dev.steward.config.SettingsLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that opens the data directory shares: {@code --data}, {@code --db}, {@code --config}. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ./steward-data).")
    String data;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "Database URL (default: embedded, in DIR).")
    String db;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "File whose first line is the "
            + "PostgreSQL password (or set STEWARD_DB_PASSWORD); keeps it out of --db, where ps would show it.")
    String dbPasswordFile;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (YAML).")
    Path config;

    /** The settings from these options, the environment and the configuration file; {@code more} adds flags. */
    Settings settings(Map<String, String> more) {
        Map<String, String> flags = new HashMap<>(more);
        flags.put("data", data);
        flags.put("db", db);
        flags.put("db_password_file", dbPasswordFile);
        return SettingsLoader.load(config, System.getenv(), flags);
    }

    Settings settings() {
        return settings(Map.of());
    }
}
