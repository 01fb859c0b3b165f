package dev.steward.cli;

import dev.steward.audit.AuditLog;
import dev.steward.config.Settings;
import dev.steward.dsr.CcpaMetrics;
import dev.steward.dsr.DsrRequest;
import dev.steward.dsr.RequestStatus;
import dev.steward.dsr.RequestQueue;
import dev.steward.store.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steward dsr list|show|extend|deny|metrics}: the request queue from the command line. */
@Command(name = "dsr", mixinStandardHelpOptions = true, description = "Work the data-subject request queue.",
        subcommands = {DsrCommand.ListRequests.class, DsrCommand.Show.class, DsrCommand.Extend.class,
                DsrCommand.Deny.class, DsrCommand.Metrics.class},
        footer = {"", "Examples:", "  steward dsr list --status received --due-before 2026-12-31",
                "  steward dsr extend req_… --reason \"many systems to search\"", "  steward dsr metrics --year 2026"})
final class DsrCommand {

    /** What every dsr subcommand shares: the data directory and the queue over it. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        DataOptions dataOptions;

        @Mixin
        InitOption initOption;

        @Mixin
        Output output;

        @Spec
        CommandSpec spec;

        RequestQueue requests() {
            Settings settings = initOption.installed(dataOptions.settings());
            Database database = Database.existing(settings.dataDir(), settings.databaseUrl(), settings.databasePassword());
            dev.steward.policy.Policy inForce = dev.steward.Steward.currentPolicy(settings, database,
                    Clock.systemUTC());
            return new RequestQueue(database, new AuditLog(database, Clock.systemUTC()), () -> inForce,
                    Clock.systemUTC());
        }

        void print(Object value, String text) {
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Output.printJson(out, value);
            } else {
                out.println(text);
                out.flush();
            }
        }

        static String line(DsrRequest request) {
            return request.id() + "  " + request.type().key() + "  " + request.jurisdiction() + "  "
                    + request.status().key() + "  due " + request.dueAt();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List requests, soonest due first.",
            footer = {"", "Example:", "  steward dsr list --status received"})
    static final class ListRequests extends Base {
        @Option(names = "--status", paramLabel = "STATUS", description = "Only this status: received, identity_verified, "
                + "in_progress, extended, completed, partially_completed, denied.")
        String status;

        @Option(names = "--due-before", paramLabel = "DATE", description = "Only due before this date (2026-12-31).")
        String dueBefore;

        @Override
        public Integer call() {
            RequestStatus wanted = status == null ? null : RequestStatus.parse(status).orElseThrow(() ->
                    new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown status '" + status + "'; known: "
                            + String.join(", ", java.util.Arrays.stream(RequestStatus.values()).map(RequestStatus::key).toList())));
            Instant before;
            try {
                before = dueBefore == null ? null : java.time.LocalDate.parse(dueBefore).atStartOfDay(java.time.ZoneOffset.UTC)
                        .toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--due-before takes a date such as "
                        + "2026-12-31");
            }
            List<DsrRequest> found = requests().list(wanted, null, null, before);
            print(Map.of("requests", found), found.isEmpty() ? "no requests"
                    : String.join("\n", found.stream().map(Base::line).toList()));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one request.",
            footer = {"", "Example:", "  steward dsr show req_…"})
    static final class Show extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            DsrRequest request = requests().get(id);
            print(request, line(request) + (request.deniedReason() == null ? "" : "\nreason: " + request.deniedReason())
                    + "\nresult: " + request.result());
            return 0;
        }
    }

    @Command(name = "extend", mixinStandardHelpOptions = true, description = "Extend a request's deadline once.",
            footer = {"", "Example:", "  steward dsr extend req_… --reason \"complex request\""})
    static final class Extend extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--reason", required = true, description = "The reason the requester is told.")
        String reason;

        @Override
        public Integer call() {
            DsrRequest request = requests().extend("cli", id, reason);
            print(request, line(request));
            return 0;
        }
    }

    @Command(name = "deny", mixinStandardHelpOptions = true, description = "Deny a request with a reason.",
            footer = {"", "Example:", "  steward dsr deny req_… --reason \"manifestly unfounded\""})
    static final class Deny extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--reason", required = true, description = "The reason the requester is told.")
        String reason;

        @Override
        public Integer call() {
            DsrRequest request = requests().deny("cli", id, reason);
            print(request, line(request));
            return 0;
        }
    }

    @Command(name = "metrics", mixinStandardHelpOptions = true,
            description = "California request metrics (11 CCR §7102) for a year.",
            footer = {"", "Example:", "  steward dsr metrics --year 2026"})
    static final class Metrics extends Base {
        @Option(names = "--year", description = "Calendar year (default: this year).")
        Integer year;

        @Override
        public Integer call() {
            var rows = CcpaMetrics.compute(requests(), year == null ? java.time.Year.now().getValue() : year);
            print(Map.of("metrics", rows), CcpaMetrics.markdown(rows).stripTrailing());
            return 0;
        }
    }
}
