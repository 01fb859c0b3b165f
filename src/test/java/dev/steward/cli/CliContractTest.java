package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.Steward;
import dev.steward.config.Settings;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI contract: 0 success, 1 error, 2 usage error; {@code --json} turns every error into the API's
 * error shape on stderr; no message names a Java class.
 */
class CliContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLASS_NAME = ".*\\b[A-Z][A-Za-z]*(Exception|Error)\\b.*";

    @TempDir
    Path dir;

    private static JsonNode error(CliTest.Result result) throws Exception {
        JsonNode error = JSON.readTree(result.err()).get("error");
        assertThat(error.get("code").asText()).isNotEmpty();
        assertThat(error.get("message").asText()).isNotEmpty();
        return error;
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve --port abc", "serve --port 70000", "no-such-verb", "policy lint --frobnicate x",
            "dsr list --due-before tomorrow", "dsr list --status nonsense", "bench nonsense", "dsr show",
            "policy render policies/reference.yaml --lang xx"})
    void usageErrorsExitTwoAndTheirJsonIsTheErrorShape(String command) throws Exception {
        String[] args = (command + " --data " + dir.resolve("none")).split(" ");
        CliTest.Result text = CliTest.run(args);
        assertThat(text.code()).as(command).isEqualTo(2);
        assertThat(text.err()).isNotBlank().doesNotMatch("(?s)" + CLASS_NAME);

        List<String> withJson = new ArrayList<>(List.of(args));
        withJson.add("--json");
        CliTest.Result json = CliTest.run(withJson.toArray(String[]::new));
        assertThat(json.code()).as(command).isEqualTo(2);
        assertThat(error(json).get("code").asText()).isEqualTo("usage");
        assertThat(json.err()).doesNotMatch("(?s)" + CLASS_NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"audit verify", "dsr list", "retention run", "backup create --out OUT"})
    void offlineVerbsOnAMistypedDirectoryFailWithTheErrorShape(String command) throws Exception {
        String[] args = (command.replace("OUT", dir.resolve("b.zip").toString()) + " --data " + dir.resolve("typo")
                + " --json").split(" ");
        CliTest.Result result = CliTest.run(args);
        assertThat(result.code()).as(command).isEqualTo(1);
        assertThat(error(result).get("code").asText()).isEqualTo("config_invalid");
        assertThat(Files.exists(dir.resolve("typo").resolve("steward.db"))).isFalse();
    }

    @Test
    void runtimeErrorsOfAnInstallationCarryTheirStableCode() throws Exception {
        Path data = dir.resolve("data");
        try (Steward ignored = Steward.start(new Settings(data, "127.0.0.1", 0, Path.of(CliTest.REFERENCE), "",
                1 << 20), Clock.systemUTC(), Map.of())) {
            // started once, so that the installation exists
        }
        CliTest.Result shown = CliTest.run("dsr", "show", "req_missing", "--data", data.toString(), "--json");
        assertThat(shown.code()).isEqualTo(1);
        assertThat(error(shown).get("code").asText()).isEqualTo("unknown_request");
        CliTest.Result text = CliTest.run("dsr", "show", "req_missing", "--data", data.toString());
        assertThat(text.code()).isEqualTo(1);
        assertThat(text.err()).startsWith("error: ").doesNotContain("{");
        CliTest.Result listed = CliTest.run("dsr", "list", "--data", data.toString(), "--due-before", "2030-01-01",
                "--json");
        assertThat(listed.code()).isZero();
        assertThat(JSON.readTree(listed.out()).get("requests").isArray()).isTrue();
    }

    @Test
    void aStartThatCannotListenWritesNoKeys() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path data = dir.resolve("fresh");
            CliTest.Result result = CliTest.run("serve", "--data", data.toString(), "--port",
                    Integer.toString(taken.getLocalPort()), "--json");
            assertThat(result.code()).isEqualTo(1);
            assertThat(error(result).get("message").asText()).contains("cannot listen");
            assertThat(Files.exists(data.resolve("admin.key"))).isFalse();
            assertThat(!Files.isDirectory(data.resolve("keys")) || Files.list(data.resolve("keys")).findAny().isEmpty())
                    .as("no master key written").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "policy lint", "policy render", "policy diff", "policy activate", "dsr list",
            "dsr show", "dsr extend", "dsr deny", "dsr metrics", "retention run", "backup create", "backup restore",
            "audit verify", "bench"})
    void everyVerbTakesJsonAndShowsAnExample(String verb) {
        CliTest.Result result = CliTest.run((verb + " --help").split(" "));
        assertThat(result.code()).as(verb).isZero();
        assertThat(result.out()).as(verb).contains("--json").contains("Example");
    }

    @Test
    void helpTextsSayWhatTheProgramDoes() {
        assertThat(CliTest.run("policy", "activate", "--help").out()).doesNotContain("Restart");
        assertThat(CliTest.run("bench", "--help").out()).contains("vault-writes", "decisions-http", "access", "erasure");
        assertThat(CliTest.run("dsr", "list", "--help").out()).contains("identity_verified", "partially_completed");
        assertThat(CliTest.run("serve", "--help").out()).contains("--host").contains("--db-password-file");
    }

    /**
     * The verbs that work on an installation refuse a directory without one (exit 1, nothing created: a
     * mistyped --data must not become a new empty installation) and create it with --init.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dsr list", "dsr metrics", "retention run --dry-run", "audit verify",
            "backup create --out BACKUP", "policy activate NEXT"})
    void anOfflineVerbRefusesADirectoryWithoutAnInstallationUnlessInit(String verb) throws Exception {
        Path empty = dir.resolve("nothing-here");
        Path next = dir.resolve("next.yaml");
        Files.writeString(next, Files.readString(Path.of("policies/reference.yaml"))
                .replaceFirst("version: \"2022-09-01\"", "version: \"2026-12-01\""));
        List<String> args = new ArrayList<>(List.of(verb.replace("BACKUP", dir.resolve("b.db").toString())
                .replace("NEXT", next.toString()).split(" ")));
        args.addAll(List.of("--data", empty.toString(), "--json"));
        CliTest.Result refused = CliTest.run(args.toArray(String[]::new));
        assertThat(refused.code()).as(verb).isEqualTo(1);
        assertThat(error(refused).get("code").asText()).isEqualTo("config_invalid");
        assertThat(refused.err()).contains("--init");
        assertThat(!Files.exists(empty.resolve("steward.db")) && !Files.exists(empty.resolve("admin.key")))
                .as("nothing created").isTrue();

        args.add("--init");
        CliTest.Result created = CliTest.run(args.toArray(String[]::new));
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(empty.resolve("steward.db")).exists();
        assertThat(empty.resolve("admin.key")).exists();
        assertThat(CliTest.run("audit", "verify", "--data", empty.toString()).code()).as("an installation now").isZero();
    }
}
