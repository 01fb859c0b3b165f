package dev.steward.cli;

import dev.steward.policy.PolicyLoader;
import dev.steward.policy.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steward policy lint FILE…}: every problem as {@code FILE:LINE:COLUMN: CODE message}. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = "Check policy files. Exit 0 when clean; otherwise exit 1 and print one line per problem "
                + "on stderr: FILE:LINE:COLUMN: CODE message.",
        footer = {"", "Example:", "  steward policy lint policies/reference.yaml"})
final class PolicyLintCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy files to check.")
    List<Path> files;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PolicyLoader loader = new PolicyLoader();
        List<Problem> problems = new ArrayList<>();
        for (Path file : files) {
            problems.addAll(loader.lint(file));
        }
        if (output.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("clean", problems.isEmpty());
            result.put("problems", problems);
            Output.printJson(spec.commandLine().getOut(), result);
        } else {
            problems.forEach(problem -> spec.commandLine().getErr().println(problem));
            if (problems.isEmpty()) {
                spec.commandLine().getOut().println(files.size() == 1 ? "clean" : files.size() + " files clean");
            }
        }
        spec.commandLine().getErr().flush();
        return problems.isEmpty() ? 0 : 1;
    }
}
