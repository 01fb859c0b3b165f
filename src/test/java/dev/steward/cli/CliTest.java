package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {
    static final String REFERENCE = "policies/reference.yaml";
    static final String MINIMAL = "src/test/resources/policies/minimal.yaml";

    record Result(int code, String out, String err) { }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StewardCommand.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheVerbsWithExamples() {
        Result result = run("--help");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("serve", "policy", "Examples:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "policy lint", "policy render", "policy diff"})
    void everyVerbExplainsItselfWithAnExample(String verb) {
        Result result = run((verb + " --help").split(" "));
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("Example").contains("--json");
    }

    @Test
    void lintExitsZeroOnACleanPolicy() {
        Result result = run("policy", "lint", REFERENCE);
        assertThat(result.code()).isZero();
        assertThat(result.err()).isEmpty();
    }

    @Test
    void lintReportsAMissingFileAsAProblemLine() {
        Result result = run("policy", "lint", "no/such/policy.yaml");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("no/such/policy.yaml:1:1: FILE_NOT_FOUND no such file");
    }

    @Test
    void lintJsonListsProblems() throws Exception {
        Result result = run("policy", "lint", "--json",
                "src/test/resources/policies/malformed/04-bad-date.yaml");
        assertThat(result.code()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("clean").asBoolean()).isFalse();
        assertThat(json.get("problems").get(0).get("code").asText()).isEqualTo("BAD_DATE");
        assertThat(json.get("problems").get(0).get("line").asInt()).isEqualTo(6);
    }

    @Test
    void diffExitsThreeOnAMaterialChangeAndZeroOtherwise() {
        Result material = run("policy", "diff", MINIMAL,
                "src/test/resources/policies/diff/01-recipient-added-for-email.yaml");
        assertThat(material.code()).isEqualTo(3);
        assertThat(material.out()).contains("MATERIAL      recipients.service_providers.analytics: added");
        Result cosmetic = run("policy", "diff", MINIMAL,
                "src/test/resources/policies/diff/02-typo-fixed-in-notice-text.yaml");
        assertThat(cosmetic.code()).isZero();
        assertThat(cosmetic.out()).contains("non-material  security.tls.text: text changed");
    }

    @Test
    void diffOfAnInvalidPolicyIsAnErrorWithTheProblemLine() {
        Result result = run("policy", "diff", MINIMAL, "src/test/resources/policies/malformed/04-bad-date.yaml");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("04-bad-date.yaml:6:14: BAD_DATE").doesNotContain("\tat ");
    }

    @Test
    void renderWritesTheNoticeToAFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("notice.html");
        Result result = run("policy", "render", REFERENCE, "--lang", "zh-CN", "--format", "html", "--out",
                out.toString());
        assertThat(result.code()).isZero();
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains("<html lang=\"zh-CN\">", "韩国");
        assertThat(Files.list(dir).count()).isEqualTo(1);
    }

    @Test
    void renderPrintsMarkdownByDefault() {
        Result result = run("policy", "render", REFERENCE, "--lang", "en");
        assertThat(result.code()).isZero();
        assertThat(result.out()).startsWith("# Privacy Notice");
    }

    @Test
    void renderRefusesALanguageWithUsageExitCode() {
        Result result = run("policy", "render", REFERENCE, "--lang", "fr");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("--lang 'fr'");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("policy", "lint", "--frobnicate", REFERENCE).code()).isEqualTo(2);
        assertThat(run("no-such-verb").code()).isEqualTo(2);
    }
}
