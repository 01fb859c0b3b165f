package dev.steward.cli;

import dev.steward.backup.Backups;
import dev.steward.config.DataDirectory;
import dev.steward.config.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steward backup create|restore|reapply}: backups that never bring erased data back. */
@Command(name = "backup", mixinStandardHelpOptions = true, description = "Back up and restore the database.",
        subcommands = {BackupCommand.Create.class, BackupCommand.Restore.class, BackupCommand.Reapply.class},
        footer = {"", "Examples:", "  steward backup create --out /backups/steward-2026-11-30.db",
                "  steward backup restore /backups/steward-2026-11-30.db"})
final class BackupCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Write a consistent copy of the database (safe while serve runs): the embedded file, "
                    + "or every PostgreSQL table from one snapshot.",
                    "The copy holds ciphertext and wrapped keys only; keep the master key elsewhere."},
            footer = {"", "Example:", "  steward backup create --out /backups/steward.db"})
    static final class Create implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The backup file (must not exist).")
        Path out;

        @Mixin
        DataOptions dataOptions;

        @Mixin
        InitOption initOption;

        @Mixin
        Output output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Offline offline = Offline.open(initOption.installed(dataOptions.settings()));
                 Progress ignored = Progress.start(spec.commandLine().getErr(), output, "backup create",
                         () -> Progress.bytes(Progress.size(out)) + " written")) {
                Backups.create(offline.database(), out, java.time.Clock.systemUTC());
            }
            return report(spec, output, Map.of("backup", out.toString()), "backup written to " + out);
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = {"Replace the database (embedded, or PostgreSQL with --db) by a backup, then apply every "
                    + "erasure made since (from the erasure journal), so nothing erased comes back. Stop serve first."},
            footer = {"", "Example:", "  steward backup restore /backups/steward.db"})
    static final class Restore implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "A file written by `steward backup create`.")
        Path backup;

        @Mixin
        DataOptions dataOptions;

        @Mixin
        Output output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Settings settings = dataOptions.settings();
            try (DataDirectory.Lock lock = new DataDirectory(settings.dataDir()).prepare().lock("restoring a backup");
                 Progress ignored = Progress.start(spec.commandLine().getErr(), output, "backup restore", null)) {
                if (settings.embeddedDatabase()) {
                    Backups.restore(settings.dataDir(), backup, new dev.steward.vault.FileJournal(
                            new DataDirectory(settings.dataDir()).erasureJournal()).id());
                } else {
                    try (Offline offline = Offline.open(settings)) {
                        Backups.restore(offline.database(), backup);
                    }
                }
                return reapply(spec, output, settings, "restored " + backup + "; ");
            }
        }
    }

    @Command(name = "reapply", mixinStandardHelpOptions = true,
            description = {"Apply every erasure in the erasure journal that the database does not reflect, e.g. "
                    + "after restoring PostgreSQL from an older pg_dump. Running it twice changes nothing."},
            footer = {"", "Example:", "  steward backup reapply --db jdbc:postgresql://db/steward"})
    static final class Reapply implements Callable<Integer> {
        @Mixin
        DataOptions dataOptions;

        @Mixin
        Output output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return reapply(spec, output, dataOptions.settings(), "");
        }
    }

    private static int reapply(CommandSpec spec, Output output, Settings settings, String prefix) {
        int applied;
        try (Offline offline = Offline.open(settings)) {
            applied = offline.erasure().reapply("backup", offline.holds());
        }
        return report(spec, output, Map.of("erasures_reapplied", applied), prefix + "re-applied " + applied
                + " erasure(s) from the journal");
    }

    private static int report(CommandSpec spec, Output output, Map<String, Object> json, String text) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Output.printJson(out, json);
        } else {
            out.println(text);
        }
        out.flush();
        return 0;
    }
}
