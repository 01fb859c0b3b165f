package dev.steward.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The loader's invariant: whatever the input, it either returns a policy or reports problems with a
 * position inside the file; it never throws anything else. Inputs are seeded random mutations of
 * the minimal policy (deleted, duplicated and replaced characters and lines).
 */
class PolicyLoaderPropertyTest {
    static String base;

    @BeforeAll
    static void read() throws IOException {
        base = Files.readString(Path.of("src/test/resources/policies/minimal.yaml"), StandardCharsets.UTF_8);
    }

    static IntStream seeds() {
        return IntStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void neverThrowsAndAlwaysPointsInsideTheFile(int seed) {
        String mutated = mutate(base, new Random(seed));
        long lines = mutated.lines().count() + 1;
        try {
            new PolicyLoader().load("mutant-" + seed + ".yaml", mutated);
        } catch (PolicyException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(problem -> {
                assertThat(problem.line()).isBetween(1, (int) lines + 1);
                assertThat(problem.column()).isPositive();
                assertThat(problem.code()).matches("[A-Z_]+");
                assertThat(problem.message()).isNotBlank();
            });
        }
    }

    static String mutate(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        String alphabet = " :-[]{},#\"'\n\tabcxyz0123456789.*&!|>";
        for (int i = 0; i < edits && out.length() > 0; i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 2 -> out.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                default -> {
                    int end = Math.min(out.length(), at + random.nextInt(80));
                    out.delete(at, end);
                }
            }
        }
        return out.toString();
    }
}
