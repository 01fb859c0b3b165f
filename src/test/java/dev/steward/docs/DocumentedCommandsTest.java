package dev.steward.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.cli.StewardCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code steward} command and every API request in a shell example of the README and docs/*.md is
 * one the program accepts: each command line parses with the CLI's own parser (a verb, options and
 * arguments that exist), and each request names a method and path that {@code /openapi.json} describes.
 * The walkthroughs themselves run end to end in {@link ReadmeWalkthroughTest}.
 */
class DocumentedCommandsTest {
    private static final Pattern SHELL_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern URL = Pattern.compile("(?:http://127\\.0\\.0\\.1:8080|\\$URL)(/[^\\s\"'?]*)");

    /** {@code inline}: written in the prose, where a verb may be named without its arguments. */
    record Example(String file, String line, boolean inline) { }

    private static List<Example> examples() throws Exception {
        List<Example> examples = new ArrayList<>();
        for (Path file : documents()) {
            Matcher block = SHELL_BLOCK.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (block.find()) {
                String joined = block.group(1).replace("\\\n", " ");
                for (String line : joined.split("\n")) {
                    String command = withoutComment(line).strip();
                    if (!command.isEmpty()) {
                        examples.add(new Example(file.toString(), command, false));
                    }
                }
            }
        }
        return examples;
    }

    /** The shell examples and the commands written inline in the prose ({@code `steward policy lint FILE`}). */
    private static List<Example> examplesAndInline() throws Exception {
        List<Example> examples = new ArrayList<>(examples());
        Pattern inline = Pattern.compile("(?<!`)`((?:steward|\\./steward|api|curl) [^`]+)`");
        for (Path file : documents()) {
            Matcher span = inline.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (span.find()) {
                examples.add(new Example(file.toString(), span.group(1), true));
            }
        }
        return examples;
    }

    private static List<Path> documents() throws Exception {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** The line before an unquoted {@code #} that starts a comment. */
    private static String withoutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Shell words, quotes removed; placeholders ({@code req_…}) made concrete. */
    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(command);
        while (word.find()) {
            String text = word.group(1) != null ? word.group(1) : word.group(2) != null ? word.group(2) : word.group(3);
            words.add(text.replace("…", "x"));
        }
        return words;
    }

    @Test
    void everyDocumentedCommandParses() throws Exception {
        List<String> refused = new ArrayList<>();
        int checked = 0;
        for (Example example : examplesAndInline()) {
            List<String> words = words(example.line());
            int start = words.indexOf("steward") >= 0 ? words.indexOf("steward") + 1
                    : words.indexOf("./steward") >= 0 ? words.indexOf("./steward") + 1
                    : words.indexOf("target/steward.jar") >= 0 ? words.indexOf("target/steward.jar") + 1 : -1;
            if (start < 0 || start > 2 || start >= words.size()) {
                continue;
            }
            List<String> args = new ArrayList<>(words.subList(start, words.size()));
            args.removeIf(arg -> arg.startsWith("[") || arg.endsWith("]") || arg.equals("|") || arg.startsWith(">"));
            checked++;
            StringWriter err = new StringWriter();
            picocli.CommandLine line = StewardCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err));
            try {
                line.parseArgs(args.toArray(String[]::new));
            } catch (picocli.CommandLine.MissingParameterException e) {
                if (!example.inline()) {
                    refused.add(example.file() + ": " + example.line() + " -> " + e.getMessage());
                }
            } catch (picocli.CommandLine.ParameterException e) {
                refused.add(example.file() + ": " + example.line() + " -> " + e.getMessage());
            }
        }
        assertThat(refused).isEmpty();
        assertThat(checked).as("documented commands found").isGreaterThan(20);
    }

    /**
     * The documented {@code steward} commands that need nothing but an installation run, in the order the
     * docs give them, against one: exit 0 (3 for a material {@code policy diff}). A request filed in the
     * installation stands in for {@code req_…}; {@code jdbc:postgresql://db/steward} is a fresh database
     * of the embedded PostgreSQL with its own installation; absolute paths go to a temporary directory,
     * and every command gets its installation's {@code --data}. {@code serve} and {@code bench} are left
     * to the walkthroughs and their own tests.
     */
    @Test
    void theDocumentedOfflineCommandsRunAgainstAnInstallation(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("steward-data");
        String request;
        try (dev.steward.Steward steward = dev.steward.Steward.start(new dev.steward.config.Settings(data, "127.0.0.1", 0,
                Path.of("policies/reference.yaml"), "", 1 << 20), java.time.Clock.systemUTC(), java.util.Map.of())) {
            var api = new dev.steward.dsr.RequestApiTest.Api(steward, Files.readString(data.resolve("admin.key")).strip(), data);
            dev.steward.dsr.RequestApiTest.subject(api, "ana@example.com", "EEA");
            request = dev.steward.dsr.RequestApiTest.submit(api, "access", "ana@example.com", "EEA", "");
        }
        Path pgData = dir.resolve("steward-pg");
        String postgres = dev.steward.store.TestDatabases.freshPostgresUrl();
        try (dev.steward.Steward steward = dev.steward.Steward.start(new dev.steward.config.Settings(pgData, "127.0.0.1", 0,
                Path.of("policies/reference.yaml"), postgres, 1 << 20), java.time.Clock.systemUTC(), java.util.Map.of())) {
            var api = new dev.steward.dsr.RequestApiTest.Api(steward, Files.readString(pgData.resolve("admin.key")).strip(),
                    pgData);
            dev.steward.dsr.RequestApiTest.subject(api, "ivo@example.com", "EEA");
        }
        // the README's next step: a copy with a new policy.version (its edit left out: nothing material)
        Files.writeString(dir.resolve("next.yaml"), Files.readString(Path.of("policies/reference.yaml"))
                .replaceFirst("version: \"2022-09-01\"", "version: \"2026-12-01\""));
        List<String> failed = new ArrayList<>();
        int ran = 0;
        for (Example example : examples()) {
            List<String> words = words(example.line());
            int start = words.indexOf("steward") >= 0 ? words.indexOf("steward") + 1
                    : words.indexOf("./steward") >= 0 ? words.indexOf("./steward") + 1 : -1;
            if (start != 1 || words.get(start).equals("serve") || words.get(start).equals("bench")) {
                continue;
            }
            boolean onPostgres = example.line().contains("jdbc:postgresql://db/steward");
            Path home = onPostgres ? pgData : data;
            List<String> args = new ArrayList<>();
            List<String> concrete = words(example.line().replace("req_…", request));
            for (String word : concrete.subList(start, concrete.size())) {
                if (word.startsWith("[") || word.endsWith("]")) {
                    continue;
                }
                args.add(word.equals("jdbc:postgresql://db/steward") ? postgres
                        : word.startsWith("/") ? dir.resolve(Path.of(word).getFileName()).toString()
                        : word.equals("./steward-data") ? data.toString() : word);
            }
            if (!args.contains("--data") && (!args.get(0).equals("policy") || args.get(1).equals("activate"))) {
                args.add("--data");
                args.add(home.toString());
            }
            ran++;
            CliResult result = run(args);
            boolean diff = args.get(0).equals("policy") && args.get(1).equals("diff");
            if (result.code() != 0 && !(diff && result.code() == 3)) {
                failed.add(example.file() + ": " + String.join(" ", args) + " -> exit " + result.code() + ": "
                        + result.err().strip());
            }
        }
        assertThat(failed).isEmpty();
        assertThat(ran).as("documented offline commands run").isGreaterThan(20);
    }

    private record CliResult(int code, String out, String err) { }

    private static CliResult run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StewardCommand.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new CliResult(code, out.toString(), err.toString());
    }

    @Test
    void everyDocumentedRequestIsDescribed() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(Path.of("src/main/resources/openapi.json").toFile()).get("paths");
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (Example example : examplesAndInline()) {
            List<String> words = words(example.line());
            if (words.isEmpty() || !(words.get(0).equals("curl") || words.get(0).equals("api"))) {
                continue;
            }
            Matcher url = URL.matcher(example.line());
            if (!url.find()) {
                continue;
            }
            String method = words.contains("-X") ? words.get(words.indexOf("-X") + 1)
                    : words.contains("-d") ? "POST" : "GET";
            String path = url.group(1);
            checked++;
            boolean found = false;
            for (var entry : paths.properties()) {
                String template = "\\Q" + entry.getKey().replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
                if (path.matches(template) && entry.getValue().has(method.toLowerCase(Locale.ROOT))) {
                    found = true;
                }
            }
            if (!found) {
                unknown.add(example.file() + ": " + method + " " + path);
            }
        }
        assertThat(unknown).isEmpty();
        assertThat(checked).as("documented requests found").isGreaterThan(10);
    }
}
