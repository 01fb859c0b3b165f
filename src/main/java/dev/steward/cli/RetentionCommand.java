package dev.steward.cli;

import dev.steward.retention.RetentionSweep;
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
        InitOption initOption;

        @Mixin
        Output output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            RetentionSweep.Report report;
            try (Offline offline = Offline.open(initOption.installed(dataOptions.settings()));
                 Progress ignored = Progress.start(spec.commandLine().getErr(), output, "retention run",
                         () -> String.format(java.util.Locale.ROOT, "%,d account(s) visited",
                                 offline.sweep().visited()))) {
                report = offline.sweep().run("cli", dryRun);
            }
            if (output.json()) {
                Output.printJson(spec.commandLine().getOut(), report);
            } else {
                var out = spec.commandLine().getOut();
                if (!report.holdsReleased().isEmpty()) {
                    out.println("released " + report.holdsReleased().size() + " legal hold(s) whose end had passed");
                }
                out.println((dryRun ? "would purge " : "purged ") + report.subjectsPurged() + " closed account(s)");
                report.deleted().forEach((rule, counts) -> out.println("  " + rule + ": " + counts));
                out.flush();
            }
            return 0;
        }
    }
}
