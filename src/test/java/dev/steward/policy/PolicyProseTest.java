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
        assertThat(problems).as("a jurisdiction's disclosure says so too").anySatisfy(problem -> {
            assertThat(problem.code()).isEqualTo("TEXT_CONTRADICTS_RULE");
            assertThat(problem.message()).contains("jurisdiction 'US-CA'", "not sold");
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

    @Test
    void aTimeToAnswerTheJurisdictionDoesNotSetFailsLint() throws Exception {
        String channels = "rights_channels: {zh-CN: \"客户请联系我们；";
        List<Problem> wrong = lintWith(channels, "rights_channels: {zh-CN: \"我们在 30 天内答复。客户请联系我们；");
        assertThat(wrong).anySatisfy(problem -> {
            assertThat(problem.code()).isEqualTo("TEXT_CONTRADICTS_RULE");
            assertThat(problem.message()).contains("US-CA", "P30D", "P45D");
            assertThat(problem.line()).isEqualTo(lineOf("  US-CA:"));
        });
        assertThat(lintWith(channels, "rights_channels: {zh-CN: \"我们在 45 天内答复，选择退出在十五个工作日内处理。客户请联系我们；"))
                .as("the deadlines it sets: 45 days, 15 business days").isEmpty();
        assertThat(lintWith("en: \"Customers contact us; customers and others alike may write",
                "en: \"We answer within 90 days (45 and one extension). Customers contact us; customers and others alike may write"))
                .isEmpty();
    }

}
