package dev.steward.cli;

import dev.steward.policy.PolicyChange;
import dev.steward.policy.PolicyDiff;
import dev.steward.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steward policy diff OLD NEW}: every change, flagged material or not; exit 3 when any is material. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two policy versions. Every change is listed and flagged material (it reduces "
                + "protection: a new purpose, recipient or country for a category, longer retention, a right "
                + "removed, consent no longer required) or non-material.",
                "Exit 0 when no change is material, 3 when at least one is, 1 when a file cannot be read."},
        footer = {"", "Example:", "  steward policy diff policies/reference.yaml policies/next.yaml"})
final class PolicyDiffCommand implements Callable<Integer> {
    static final int MATERIAL = 3;

    @Parameters(index = "0", paramLabel = "OLD", description = "The policy in force.")
    Path oldFile;

    @Parameters(index = "1", paramLabel = "NEW", description = "The proposed policy.")
    Path newFile;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PolicyLoader loader = new PolicyLoader();
        List<PolicyChange> changes = new PolicyDiff().compare(loader.load(oldFile), loader.load(newFile));
        boolean material = PolicyDiff.anyMaterial(changes);
        if (output.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("material", material);
            result.put("changes", changes);
            Output.printJson(spec.commandLine().getOut(), result);
        } else {
            changes.forEach(change -> spec.commandLine().getOut().println(change));
            long count = changes.stream().filter(PolicyChange::material).count();
            spec.commandLine().getOut().println(changes.size() + " change(s), " + count + " material");
            spec.commandLine().getOut().flush();
        }
        return material ? MATERIAL : 0;
    }
}
