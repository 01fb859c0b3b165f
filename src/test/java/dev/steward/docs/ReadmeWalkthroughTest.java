package dev.steward.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Steward;
import dev.steward.config.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walkthroughs of the README and the API guide, run literally with bash and curl against a started Steward. */
class ReadmeWalkthroughTest {
    private static final Pattern FIRST_STEPS = Pattern.compile("## First steps.*?```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern API_EXAMPLES = Pattern.compile("## Examples.*?```sh\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    /** Runs the first {@code sh} block after {@code heading} in {@code file}; returns what it printed. */
    private String run(String file, Pattern heading) throws Exception {
        Matcher block = heading.matcher(Files.readString(Path.of(file), StandardCharsets.UTF_8));
        assertThat(block.find()).as(file).isTrue();
        try (Steward steward = Steward.start(new Settings(dir.resolve("steward-data"), "127.0.0.1", 0,
                Path.of("policies/reference.yaml"), "", 1 << 20), Clock.systemUTC(), Map.of())) {
            String script = "set -euo pipefail\n" + block.group(1).replace("127.0.0.1:8080", "127.0.0.1:" + steward.port());
            Process bash = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true)
                    .start();
            String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bash.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(bash.exitValue()).as(output).isZero();
            return output;
        }
    }

    @Test
    void theApiGuidesExamplesRunAsWritten() throws Exception {
        String output = run("docs/api.md", API_EXAMPLES);
        assertThat(output).contains("\"id\":\"rec_", "\"records\":[{", "cloud-privacy-notice 2022-09-01", "\"role\":\"service\"", "\"kind\":\"consent\"")
                .doesNotContain("\"error\"");
    }

    @Test
    void theFirstStepsRunAsWritten() throws Exception {
        {
            String output = run("README.md", FIRST_STEPS);
            assertThat(output).contains("{\"status\":\"ok\"}", "\"allowed\":false", "\"allowed\":true",
                    "\"status\":\"completed\"").doesNotContain("\"error\"");
            try (ZipFile zip = new ZipFile(dir.resolve("export.zip").toFile())) {
                assertThat(zip.getEntry("data.json")).isNotNull();
            }
        }
    }
}
