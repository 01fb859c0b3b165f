package dev.steward.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.cli.StewardCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each fixture under policies/malformed starts with "# expect: LINE:COLUMN: CODE message". */
class MalformedPolicyTest {
    static final Path FIXTURES = Path.of("src/test/resources/policies/malformed");

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void thereAreAtLeastThirtyFixtures() throws IOException {
        assertThat(fixtures().count()).isGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void reportsTheExpectedProblemLine(Path fixture) throws IOException {
        String expected = fixture + ":" + expectation(fixture);
        List<String> problems = new PolicyLoader().lint(fixture).stream().map(Problem::toString).toList();
        assertThat(problems).contains(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void lintPrintsTheLineOnStderrWithoutAStackTrace(Path fixture) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StewardCommand.run(new String[] {"policy", "lint", fixture.toString()}, new PrintWriter(out),
                new PrintWriter(err));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).contains(fixture + ":" + expectation(fixture));
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(err.toString().lines()).allMatch(line -> line.matches(".+:\\d+:\\d+: [A-Z_]+ .+"));
    }

    private static String expectation(Path fixture) throws IOException {
        String first = Files.readAllLines(fixture, StandardCharsets.UTF_8).get(0);
        assertThat(first).startsWith("# expect: ");
        return first.substring("# expect: ".length());
    }
}
