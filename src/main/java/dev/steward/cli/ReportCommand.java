package dev.steward.cli;

import dev.steward.audit.AuditLog;
import dev.steward.config.Settings;
import dev.steward.dsr.CcpaMetrics;
import dev.steward.dsr.RequestQueue;
import dev.steward.policy.Policy;
import dev.steward.reports.Reports;
import dev.steward.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steward report NAME}: a report of the API's {@code /api/v1/reports/NAME}, offline. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a report: ropa (GDPR Art. 30), kr-processors, kr-transfers (the notice's Korea tables), ccpa-categories or "
                + "ccpa-metrics (California), as json, csv or md, from the policy in force and the data."},
        footer = {"", "Examples:", "  steward report kr-transfers --format md --lang en",
                "  steward report ccpa-metrics --year 2026 --format csv --out metrics.csv"})
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "ropa, data-map, kr-processors, kr-transfers, ccpa-categories or ccpa-metrics")
    String name;

    @Option(names = "--format", paramLabel = "FORMAT", description = "json (the default), csv or md; svg (the default) "
            + "or md, json, csv for data-map")
    String format;

    @Option(names = "--lang", paramLabel = "LANG", description = "One of the policy's languages (Korea tables).")
    String language;

    @Option(names = "--year", paramLabel = "YEAR", description = "The calendar year (ccpa-metrics; default this year).")
    Integer year;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report here instead of standard output.")
    Path out;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    InitOption initOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Settings settings = initOption.installed(dataOptions.settings());
        byte[] body;
        try (Database database = Database.existing(settings.dataDir(), settings.databaseUrl(),
                settings.databasePassword())) {
            Policy inForce = dev.steward.Steward.currentPolicy(settings, database, Clock.systemUTC());
            body = name.equals("ccpa-metrics") ? metrics(database, inForce)
                    : new Reports(database, () -> inForce, Clock.systemUTC()).get(name).render(format, language).body();
        }
        if (out != null) {
            Files.write(out, body);
            spec.commandLine().getOut().println("wrote " + out);
        } else {
            spec.commandLine().getOut().print(new String(body, StandardCharsets.UTF_8));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    private byte[] metrics(Database database, Policy inForce) {
        int wanted = year == null ? java.time.Year.now().getValue() : year;
        var rows = CcpaMetrics.compute(new RequestQueue(database, new AuditLog(database, Clock.systemUTC()),
                () -> inForce, Clock.systemUTC()), wanted);
        String text = switch (format == null ? "json" : format) {
            case "csv" -> CcpaMetrics.csv(rows);
            case "md" -> CcpaMetrics.markdown(rows);
            case "json" -> {
                StringWriter json = new StringWriter();
                Output.printJson(new PrintWriter(json), Map.of("year", wanted, "metrics", rows));
                yield json.toString();
            }
            default -> throw new dev.steward.error.StewardException(dev.steward.error.ErrorCode.INVALID_FIELD, "format",
                    "expected json, csv or md");
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
