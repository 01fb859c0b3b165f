package dev.steward.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notice and the rules cannot drift apart: prose that contradicts its rule fails lint. */
class PolicyProseTest {
    static final Path REFERENCE = Path.of("policies/reference.yaml");

    @TempDir
    Path dir;

    private List<Problem> lintWith(String from, String to) throws Exception {
        String text = Files.readString(REFERENCE, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        Path changed = dir.resolve("changed.yaml");
        Files.writeString(changed, text.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)), StandardCharsets.UTF_8);
        return new PolicyLoader().lint(changed);
    }

    private static int lineOf(String needle) throws Exception {
        List<String> lines = Files.readAllLines(REFERENCE, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }

    @Test
    void theReferencePolicyStatesItsOwnFigures() throws Exception {
        assertThat(new PolicyLoader().lint(REFERENCE)).isEmpty();
    }

    @Test
    void aLongerClosurePeriodWithTheOldProseFailsLint() throws Exception {
        List<Problem> problems = lintWith("    trigger: account_closed\n    duration: P90D\n    usable_during",
                "    trigger: account_closed\n    duration: P180D\n    usable_during");
        assertThat(problems).anySatisfy(problem -> {
            assertThat(problem.code()).isEqualTo("TEXT_CONTRADICTS_RULE");
            assertThat(problem.message()).contains("content_after_closure", "P90D", "P180D");
            assertThat(problem.line()).isGreaterThan(lineOf("- id: content_after_closure"));
        });
    }

    @Test
    void aSaleWhileTheNoticeSaysNothingIsSoldFailsLint() throws Exception {
        List<Problem> problems = lintWith("    opt_out: true\n  marketing.interest_based_ads:",
                "    opt_out: true\n    sale: true\n  marketing.interest_based_ads:");
        assertThat(problems).anySatisfy(problem -> {
            assertThat(problem.code()).isEqualTo("TEXT_CONTRADICTS_RULE");
            assertThat(problem.message()).contains("not sold", "marketing");
            assertThat(problem.line()).isGreaterThan(lineOf("- id: share"));
        });
    }

    @Test
    void aChildrensAgeTheRuleDoesNotSetFailsLint() throws Exception {
        List<Problem> problems = lintWith("guardian_required_under: 18", "guardian_required_under: 16");
        assertThat(problems).anySatisfy(problem -> {
            assertThat(problem.code()).isEqualTo("TEXT_CONTRADICTS_RULE");
            assertThat(problem.message()).contains("18", "16");
        });
    }
}
