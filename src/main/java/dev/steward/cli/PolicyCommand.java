package dev.steward.cli;

import picocli.CommandLine.Command;

/** {@code steward policy lint|render|diff}: work with policy files. */
@Command(name = "policy", description = "Check, render and compare policy files.",
        subcommands = {PolicyLintCommand.class, PolicyRenderCommand.class, PolicyDiffCommand.class,
                PolicyActivateCommand.class},
        mixinStandardHelpOptions = true,
        footer = {"", "Examples:", "  steward policy lint policies/reference.yaml",
                "  steward policy render policies/reference.yaml --lang zh-CN --format html --out notice.html",
                "  steward policy diff policies/reference.yaml next.yaml"})
final class PolicyCommand {
}
