package dev.steward.cli;

import dev.steward.config.DataDirectory;
import dev.steward.config.Settings;
import dev.steward.crypto.MasterKey;
import dev.steward.crypto.MasterKeyRotation;
import dev.steward.store.Database;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code steward keys}: rotating the master key while every node keeps serving — a key file holding the
 * old key and a new primary, every stored keyset rewrapped under the new one, then the old one dropped.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Rotate the master key without downtime.",
        subcommands = {KeysCommand.Rotate.class, KeysCommand.Promote.class, KeysCommand.Rewrap.class,
                KeysCommand.Retire.class},
        footer = {"", "Steps (restart the nodes one at a time on each new file, or STEWARD_MASTER_KEY=$(base64 -w0 FILE)):",
                "  steward keys rotate-master --out m2.json                 # + a new key, not yet used",
                "  STEWARD_MASTER_KEY=$(base64 -w0 m2.json) steward keys promote-master --out m3.json",
                "  STEWARD_MASTER_KEY=$(base64 -w0 m3.json) steward keys rewrap",
                "  STEWARD_MASTER_KEY=$(base64 -w0 m3.json) steward keys retire-master --out m4.json"})
final class KeysCommand {

    /** The master key these options name: {@code STEWARD_MASTER_KEY}, else {@code DIR/keys/master.json}. */
    private static MasterKey current(Settings settings) {
        return MasterKey.load(new DataDirectory(settings.dataDir()).keys(),
                Optional.ofNullable(System.getenv(MasterKey.ENVIRONMENT)), false);
    }

    private static Database database(Settings settings) {
        return Database.existing(settings.dataDir(), settings.databaseUrl(), settings.databasePassword());
    }

    @Command(name = "rotate-master", mixinStandardHelpOptions = true,
            description = {"Write a new master key file: the current key, still the primary, and a new key.",
                    "Nothing in the database changes. Restart every node on it, then run promote-master."},
            footer = {"", "Example:", "  steward keys rotate-master --data /var/lib/steward --out /secure/master-2.json"})
    static final class Rotate implements Callable<Integer> {
        @Mixin
        DataOptions dataOptions;

        @Mixin
        NewKeyFile newKey;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Settings settings = dataOptions.settings();
            MasterKey current = opening(settings);
            current.withNewKey().writeTo(newKey.out);
            return printed(spec, "wrote " + newKey.out + " (mode 0600): the current master key and a new one, not yet "
                    + "used. Next: restart every node on it, then 'steward keys promote-master' with it.");
        }
    }

    @Command(name = "promote-master", mixinStandardHelpOptions = true,
            description = {"Write a new master key file in which the key added last by rotate-master is the primary.",
                    "Run it once every node runs on the rotate-master file; restart every node on this one, "
                            + "then run rewrap."},
            footer = {"", "Example:", "  STEWARD_MASTER_KEY=$(base64 -w0 master-2.json) steward keys promote-master --out master-3.json"})
    static final class Promote implements Callable<Integer> {
        @Mixin
        DataOptions dataOptions;

        @Mixin
        NewKeyFile newKey;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Settings settings = dataOptions.settings();
            MasterKey current = opening(settings);
            if (current.size() < 2) {
                spec.commandLine().getErr().println("the master key holds one key: run 'steward keys rotate-master' first");
                spec.commandLine().getErr().flush();
                return 1;
            }
            current.newestPrimary().writeTo(newKey.out);
            return printed(spec, "wrote " + newKey.out + " (mode 0600): the new key is the primary. Next: restart every node "
                    + "on it, then 'steward keys rewrap' with it.");
        }
    }

    /** {@code --out}: where a command that writes a master key file writes it. */
    static final class NewKeyFile {
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "New key file (must not exist).")
        Path out;
    }

    /** The master key of these settings, checked to open every stored key. */
    private static MasterKey opening(Settings settings) {
        MasterKey current = current(settings);
        try (Database database = database(settings)) {
            if (new MasterKeyRotation(database).unreadable(current) > 0) {
                throw new dev.steward.error.StewardException(dev.steward.error.ErrorCode.MASTER_KEY_MISMATCH);
            }
        }
        return current;
    }

    private static int printed(CommandSpec spec, String line) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(line);
        out.flush();
        return 0;
    }

    @Command(name = "rewrap", mixinStandardHelpOptions = true,
            description = {"Rewrap every stored key under the master key's primary key, while nodes keep running.",
                    "Run it once every node runs on the promote-master file; it may be run again."},
            footer = {"", "Example:", "  STEWARD_MASTER_KEY=$(base64 -w0 master-2.json) steward keys rewrap --db jdbc:postgresql://db/steward"})
    static final class Rewrap implements Callable<Integer> {
        @Mixin
        DataOptions dataOptions;

        @Mixin
        Output output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Settings settings = dataOptions.settings();
            MasterKey key = current(settings);
            try (Database database = database(settings)) {
                MasterKeyRotation rotation = new MasterKeyRotation(database);
                long rewrapped = rotation.rewrap(key);
                long left = rotation.unreadable(key.primaryOnly());
                if (output.json()) {
                    Output.printJson(spec.commandLine().getOut(), java.util.Map.of("rewrapped", rewrapped,
                            "not_under_primary", left));
                } else {
                    spec.commandLine().getOut().println("rewrapped " + rewrapped + " keys; " + (left == 0
                            ? "every key is under the primary key: 'steward keys retire-master' may drop the others"
                            : left + " still are not (a node not yet on the promote-master file wrote them?): run rewrap again"));
                }
                spec.commandLine().getOut().flush();
                return left == 0 ? 0 : 1;
            }
        }
    }

    @Command(name = "retire-master", mixinStandardHelpOptions = true,
            description = {"Write a key file holding only the master key's primary key, once no stored key needs "
                    + "the others.", "Exit 1, writing nothing, while some stored key is not under the primary key."},
            footer = {"", "Example:", "  STEWARD_MASTER_KEY=$(base64 -w0 master-2.json) steward keys retire-master --out master-3.json"})
    static final class Retire implements Callable<Integer> {
        @Mixin
        DataOptions dataOptions;

        @Mixin
        NewKeyFile newKey;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Settings settings = dataOptions.settings();
            MasterKey primary = current(settings).primaryOnly();
            long left;
            try (Database database = database(settings)) {
                left = new MasterKeyRotation(database).unreadable(primary);
            }
            if (left > 0) {
                spec.commandLine().getErr().println(left + " stored keys are not under the primary key yet; run "
                        + "'steward keys rewrap' first (once every node runs on the promote-master file)");
                spec.commandLine().getErr().flush();
                return 1;
            }
            primary.writeTo(newKey.out);
            return printed(spec, "wrote " + newKey.out + " (mode 0600): the primary key alone. Restart every node on it; "
                    + "keep the earlier key file only as long as the backups made before the rotation.");
        }
    }
}
