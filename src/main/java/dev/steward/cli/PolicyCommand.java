package dev.steward.cli;

import picocli.CommandLine.Command;

/** {@code steward policy lint|render|diff}: work with policy files. */
@Command(name = "policy", description = "Check, render and compare policy files.",
        subcommands = {PolicyLintCommand.class, PolicyRenderCommand.class, PolicyDiffCommand.class},
        mixinStandardHelpOptions = true)
final class PolicyCommand {
}
