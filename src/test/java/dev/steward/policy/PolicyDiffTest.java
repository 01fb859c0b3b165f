package dev.steward.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fixture under policies/diff is a changed copy of minimal.yaml whose header names the changes
 * expected ("# expect: material PATH" or "# expect: non-material PATH") and the exit code.
 */
class PolicyDiffTest {
    static final Path BASE = Path.of("src/test/resources/policies/minimal.yaml");
    static final Path FIXTURES = Path.of("src/test/resources/policies/diff");
    final PolicyLoader loader = new PolicyLoader();

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void thereAreAtLeastFifteenFixtures() throws IOException {
        assertThat(fixtures().count()).isGreaterThanOrEqualTo(15);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void classifiesTheChange(Path fixture) throws IOException {
        List<PolicyChange> changes = new PolicyDiff().compare(loader.load(BASE), loader.load(fixture));
        List<String> header = Files.readAllLines(fixture, StandardCharsets.UTF_8).stream()
                .takeWhile(line -> line.startsWith("#")).toList();
        for (String line : header) {
            if (line.startsWith("# expect: ")) {
                String[] parts = line.substring("# expect: ".length()).split(" ");
                boolean material = parts[0].equals("material");
                assertThat(changes).as(line).anySatisfy(change -> {
                    assertThat(change.path()).isEqualTo(parts[1]);
                    assertThat(change.material()).isEqualTo(material);
                });
            }
        }
        boolean expectMaterial = header.contains("# exit: 3");
        assertThat(PolicyDiff.anyMaterial(changes)).as("any material").isEqualTo(expectMaterial);
    }

    @Test
    void identicalPoliciesHaveNoChanges() {
        Policy policy = loader.load(BASE);
        assertThat(new PolicyDiff().compare(policy, policy)).isEmpty();
    }

    @Test
    void addingARecipientForEmailIsMaterialAndFixingATypoIsNot() {
        Policy base = loader.load(BASE);
        assertThat(PolicyDiff.anyMaterial(new PolicyDiff().compare(base,
                loader.load(FIXTURES.resolve("01-recipient-added-for-email.yaml"))))).isTrue();
        assertThat(PolicyDiff.anyMaterial(new PolicyDiff().compare(base,
                loader.load(FIXTURES.resolve("02-typo-fixed-in-notice-text.yaml"))))).isFalse();
    }
}
