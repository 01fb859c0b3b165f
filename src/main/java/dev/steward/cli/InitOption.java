package dev.steward.cli;

import dev.steward.Steward;
import dev.steward.config.Settings;
import dev.steward.store.Database;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * {@code --init} for the verbs that work on an installation: without it they refuse a data directory
 * or database Steward never started on (a mistyped {@code --data} finds nothing rather than an empty
 * new installation); with it, the installation is created first, exactly as a first {@code serve} does.
 */
final class InitOption {
    @Option(names = "--init", description = "Create the installation (database, keys, admin key, policy in force) "
            + "when --data or --db holds none, as a first 'steward serve' would.")
    boolean init;

    /** {@code settings}, after creating their installation when asked to and there is none. */
    Settings installed(Settings settings) {
        if (init && !Database.installed(settings.dataDir(), settings.databaseUrl(), settings.databasePassword())) {
            Settings local = new Settings(settings.dataDir(), "127.0.0.1", 0, settings.policyFile(),
                    settings.databaseUrl(), settings.maxBodyBytes(), settings.datasetsDir(), settings.databasePassword());
            try (Steward ignored = Steward.start(local, Clock.systemUTC(), System.getenv())) {
                // the first start writes the keys and the policy in force; nothing is served
            }
        }
        return settings;
    }
}
