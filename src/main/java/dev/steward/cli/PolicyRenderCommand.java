package dev.steward.cli;

import dev.steward.notice.Notice;
import dev.steward.notice.NoticeRenderer;
import dev.steward.policy.Policy;
import dev.steward.policy.PolicyLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steward policy render FILE --lang L [--format md|html] [--out F]}: the notice people read. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render the privacy notice from a policy file, every section, in one of its languages.",
        footer = {"", "Examples:", "  steward policy render policies/reference.yaml --lang zh-CN",
                "  steward policy render policies/reference.yaml --lang en --format html --out notice.html"})
final class PolicyRenderCommand implements Callable<Integer> {
    enum Format { md, html }

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy file.")
    Path file;

    @Option(names = "--lang", required = true, paramLabel = "LANG", description = "Language, e.g. zh-CN or en.")
    String language;

    @Option(names = "--format", defaultValue = "md", paramLabel = "md|html",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "F", description = "Write to this file instead of standard output.")
    Path out;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Policy policy = new PolicyLoader().load(file);
        if (!policy.meta().languages().contains(language)) {
            throw new ParameterException(spec.commandLine(), "--lang '" + language + "' is not a language of "
                    + file + "; it has " + policy.meta().languages());
        }
        Notice notice = new NoticeRenderer().render(policy, language);
        String text = format == Format.html ? notice.html() : notice.markdown();
        if (out != null) {
            writeAtomically(out, text);
        }
        if (output.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("language", language);
            result.put("format", format.name());
            result.put("version", policy.meta().version());
            if (out != null) {
                result.put("out", out.toString());
            } else {
                result.put("text", text);
            }
            Output.printJson(spec.commandLine().getOut(), result);
        } else if (out == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** Writes beside the target and renames, so a failed write never leaves half a notice behind. */
    static void writeAtomically(Path target, String text) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), ".steward-", ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
