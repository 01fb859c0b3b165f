package dev.steward.cli;

import dev.steward.audit.AuditLog;
import dev.steward.audit.AuditVerification;
import dev.steward.config.Settings;
import dev.steward.store.Database;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code steward audit verify}: checks the hash chain of the audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Work with the audit log.",
        subcommands = AuditCommand.Verify.class,
        footer = {"", "Example:", "  steward audit verify --data ./steward-data"})
final class AuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check that no audit entry was changed, removed or reordered.",
                    "Exit 0 when the chain is intact; 1 with the first bad entry named when it is not."},
            footer = {"", "Examples:", "  steward audit verify", "  steward audit verify --json --data /var/lib/steward"})
    static final class Verify implements Callable<Integer> {
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
            Settings settings = initOption.installed(dataOptions.settings());
            AuditVerification result;
            try (Database database = Database.existing(settings.dataDir(), settings.databaseUrl(), settings.databasePassword())) {
                result = new AuditLog(database, Clock.systemUTC()).verify();
            }
            if (output.json()) {
                Output.printJson(spec.commandLine().getOut(), result);
            } else if (result.valid()) {
                spec.commandLine().getOut().println("audit log intact: " + result.entries() + " entries");
            } else {
                spec.commandLine().getErr().println("audit log broken at entry " + result.firstBadSeq() + ": "
                        + result.problem());
            }
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().flush();
            return result.valid() ? 0 : 1;
        }
    }
}
