package dev.steward.cli;

import dev.steward.Steward;
import dev.steward.audit.AuditLog;
import dev.steward.config.DataDirectory;
import dev.steward.config.Settings;
import dev.steward.crypto.KeyRing;
import dev.steward.crypto.MasterKey;
import dev.steward.policy.Policy;
import dev.steward.retention.RetentionSweep;
import dev.steward.store.Database;
import dev.steward.vault.Erasure;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code steward retention run [--dry-run]}: one retention sweep now. */
@Command(name = "retention", mixinStandardHelpOptions = true, description = "Apply the policy's retention rules.",
        subcommands = RetentionCommand.Run.class,
        footer = {"", "Example:", "  steward retention run --dry-run"})
final class RetentionCommand {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run one retention sweep: closed accounts past their grace period are purged through the "
                    + "one deletion path; data under a legal hold goes when the hold's period ends.",
                    "With --dry-run nothing is deleted; the report shows what would be."},
            footer = {"", "Examples:", "  steward retention run --dry-run", "  steward retention run --json"})
    static final class Run implements Callable<Integer> {
        @Option(names = "--dry-run", description = "Report without deleting.")
        boolean dryRun;

        @Mixin
        DataOptions dataOptions;

        @Mixin
        Output output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Settings settings = dataOptions.settings();
            Clock clock = Clock.systemUTC();
            DataDirectory directory = new DataDirectory(settings.dataDir()).prepare();
            Database database = Database.open(directory.root(), settings.databaseUrl());
            KeyRing keys = KeyRing.open(database, directory.keys(), Optional.ofNullable(System.getenv(
                    MasterKey.ENVIRONMENT)), clock);
            Policy policy = Steward.currentPolicy(settings, database);
            AuditLog audit = new AuditLog(database, clock);
            RetentionSweep sweep = new RetentionSweep(database, keys, audit, new Erasure(database, keys, audit,
                    () -> policy, clock, subject -> { }), () -> policy, clock, subject -> { });
            RetentionSweep.Report report = sweep.run("cli", dryRun);
            if (output.json()) {
                Output.printJson(spec.commandLine().getOut(), report);
            } else {
                var out = spec.commandLine().getOut();
                out.println((dryRun ? "would purge " : "purged ") + report.subjectsPurged() + " closed account(s)");
                report.deleted().forEach((rule, counts) -> out.println("  " + rule + ": " + counts));
                out.flush();
            }
            return 0;
        }
    }
}
