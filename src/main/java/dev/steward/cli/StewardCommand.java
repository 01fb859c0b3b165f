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
        subcommands = {ServeCommand.class, PolicyCommand.class, DsrCommand.class, RetentionCommand.class, BackupCommand.class, AuditCommand.class, KeysCommand.class,
                ReportCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  steward serve --data ./steward-data --port 8080",
                "  steward policy lint policies/reference.yaml",
                "  steward policy render policies/reference.yaml --lang en --format html --out notice.html"})
public final class StewardCommand {

    /** The command line with every verb, writing to {@code out} and {@code err} (also to check documented commands). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new StewardCommand()).setUsageHelpWidth(110);
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine;
    }

    /** Runs the CLI and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = commandLine(out, err);
        boolean json = wantsJson(args);
        commandLine.setParameterExceptionHandler((exception, given) -> {
            CommandLine failed = exception.getCommandLine();
            if (json) {
                printError(failed.getErr(), "usage", exception.getMessage(), null);
            } else {
                failed.getErr().println("error: " + exception.getMessage());
                if (!CommandLine.UnmatchedArgumentException.printSuggestions(exception, failed.getErr())) {
                    failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
                }
            }
            failed.getErr().flush();
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            if (json) {
                printError(line.getErr(), code(exception), message(exception), exception instanceof PolicyException
                        policy ? policy.problems().stream().map(Object::toString).toList() : null);
            } else {
                line.getErr().println(describe(exception));
            }
            line.getErr().flush();
            return 1;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** True when {@code --json} comes before the end of options ({@code --}). */
    static boolean wantsJson(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("--json")) {
                return true;
            }
        }
        return false;
    }

    /** The JSON error shape of the HTTP API, on stderr: {@code {"error":{"code","message"[,"problems"]}}}. */
    private static void printError(PrintWriter err, String code, String message, java.util.List<String> problems) {
        java.util.Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (problems != null) {
            error.put("problems", problems);
        }
        Output.printJson(err, java.util.Map.of("error", error));
    }

    private static String code(Exception exception) {
        if (exception instanceof PolicyException) {
            return "policy_invalid";
        }
        return exception instanceof StewardException known ? known.code().code() : "internal";
    }

    private static String message(Exception exception) {
        if (exception instanceof PolicyException policy) {
            return "the policy has " + policy.problems().size() + " problem(s)";
        }
        if (exception instanceof StewardException known) {
            return known.getMessage();
        }
        if (exception instanceof java.io.UncheckedIOException || exception instanceof java.io.IOException) {
            // a file the operator named could not be read or written; the path is theirs, not personal data
            Throwable cause = exception instanceof java.io.UncheckedIOException unchecked ? unchecked.getCause() : exception;
            return "cannot read or write a file: " + (cause.getMessage() == null ? "input/output error" : cause.getMessage());
        }
        // anything else is a defect: say so without a class name or a value that could be personal
        org.slf4j.LoggerFactory.getLogger(StewardCommand.class).debug("unexpected failure", exception);
        return "an unexpected failure stopped the command; run it again with STEWARD_LOG_LEVEL=debug for details";
    }

    static String describe(Exception exception) {
        if (exception instanceof PolicyException policy) {
            StringBuilder text = new StringBuilder();
            policy.problems().forEach(problem -> text.append(problem).append('\n'));
            return text.toString().stripTrailing();
        }
        return "error: " + message(exception);
    }
}
