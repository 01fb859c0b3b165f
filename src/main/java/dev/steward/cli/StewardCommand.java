package dev.steward.cli;

import dev.steward.error.StewardException;
import dev.steward.policy.PolicyException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code steward} command line: parses arguments with picocli and maps failures to the exit codes
 * of the contract (0 success, 1 error with a message on stderr, 2 usage error, 3 material change).
 */
@Command(name = "steward", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Privacy operations engine: the privacy policy as code, rendered and enforced.",
        subcommands = {ServeCommand.class, PolicyCommand.class, DsrCommand.class, RetentionCommand.class, BackupCommand.class, AuditCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  steward serve --data ./steward-data --port 8080",
                "  steward policy lint policies/reference.yaml",
                "  steward policy render policies/reference.yaml --lang en --format html --out notice.html"})
public final class StewardCommand {

    /** Runs the CLI and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new StewardCommand()).setUsageHelpWidth(110);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            line.getErr().println(describe(exception));
            line.getErr().flush();
            return 1;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static String describe(Exception exception) {
        if (exception instanceof PolicyException policy) {
            StringBuilder text = new StringBuilder();
            policy.problems().forEach(problem -> text.append(problem).append('\n'));
            return text.toString().stripTrailing();
        }
        if (exception instanceof StewardException known) {
            return "error: " + known.getMessage();
        }
        return "error: " + exception.getClass().getSimpleName()
                + (exception.getMessage() == null ? "" : ": " + exception.getMessage());
    }
}
