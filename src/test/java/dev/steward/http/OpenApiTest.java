package dev.steward.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.Steward;
import dev.steward.dsr.RequestApiTest;
import dev.steward.error.ErrorCode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /openapi.json} describes the server as it is: the same routes both ways, an operation id, a tag,
 * typed results and error responses on every operation, every error code, a relative server, and a
 * clean run of a standard linter (Redocly CLI, from npm).
 */
class OpenApiTest {
    static final String REDOCLY = "@redocly/cli@2.77.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @TempDir
    Path data;

    static JsonNode document() throws Exception {
        try (InputStream in = OpenApiTest.class.getResourceAsStream("/openapi.json")) {
            return JSON.readTree(in);
        }
    }

    @Test
    void theDocumentAndTheServersRoutesAreTheSameBothWays() throws Exception {
        RequestApiTest.Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", Clock.systemUTC());
        Set<String> routes;
        try (Steward steward = api.steward()) {
            routes = new TreeSet<>(steward.routes());
            assertThat(api.json("GET", "/openapi.json", null, 200)).isEqualTo(document());
        }
        Set<String> described = new TreeSet<>();
        document().get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (METHODS.contains(operation.getKey())) {
                described.add(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }));
        assertThat(described).as("described but not served").isSubsetOf(routes);
        assertThat(routes).as("served but not described").isSubsetOf(described);
    }

    @Test
    void everyOperationIsNamedTaggedTypedAndListsItsErrors() throws Exception {
        JsonNode document = document();
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.get("servers").get(0).get("url").asText()).as("relative, whatever the port").isEqualTo("/");
        Set<String> tags = new HashSet<>();
        document.get("tags").forEach(tag -> tags.add(tag.get("name").asText()));
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            if (!METHODS.contains(entry.getKey())) {
                return;
            }
            String name = entry.getKey() + " " + path.getKey();
            JsonNode operation = entry.getValue();
            if (!operation.hasNonNull("operationId") || !ids.add(operation.get("operationId").asText())) {
                problems.add(name + ": no unique operationId");
            }
            if (!operation.has("tags") || !tags.contains(operation.get("tags").get(0).asText())) {
                problems.add(name + ": no declared tag");
            }
            boolean typed = false;
            boolean errors = false;
            for (var response : operation.get("responses").properties()) {
                String code = response.getKey();
                errors |= code.startsWith("4");
                if (code.startsWith("2")) {
                    JsonNode content = response.getValue().path("content");
                    typed |= code.equals("204") || (!content.isMissingNode() && content.properties().stream()
                            .allMatch(media -> media.getValue().has("schema")));
                }
            }
            if (!typed) {
                problems.add(name + ": a success response without a schema");
            }
            if (!errors) {
                problems.add(name + ": no error response");
            }
        }));
        assertThat(problems).isEmpty();
        assertThat(ids).hasSizeGreaterThanOrEqualTo(44);
        assertThat(document.toString()).doesNotContain("\"nullable\"");
    }

    @Test
    void theErrorShapeListsEveryErrorCode() throws Exception {
        Set<String> listed = new TreeSet<>();
        document().at("/components/schemas/Error/properties/error/properties/code/enum")
                .forEach(code -> listed.add(code.asText()));
        assertThat(listed).isEqualTo(new TreeSet<>(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList()));
    }

    @Test
    void aStandardLinterFindsNothing() throws Exception {
        Process lint = new ProcessBuilder("npx", "--yes", REDOCLY, "lint", "--format=stylish",
                Path.of("src/main/resources/openapi.json").toString()).redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(lint.exitValue()).as(output).isZero();
        // a problem is a "LINE:COLUMN  warning|error  rule" line; a notice about the Node.js version is not
        assertThat(output).as(output).contains("Your API description is valid")
                .doesNotContainPattern("\\d+:\\d+\\s+(warning|error)\\s");
    }
}
