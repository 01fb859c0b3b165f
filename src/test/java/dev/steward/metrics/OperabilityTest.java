package dev.steward.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.dsr.RequestApiTest;
import dev.steward.reliability.ServeProcess;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as an operator runs it, in its own process with the shipped logging configuration: an
 * end-to-end run leaves the domain metrics with the right counts, and its log holds the start line and
 * one line per request, with dated, zoned times and no personal value.
 */
class OperabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMAIL = "mira.sandoval@example.com";
    private static final String NAME = "Mira Sandoval";

    @TempDir
    Path data;

    private ServeProcess serve(String logFormat, String... more) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("STEWARD_LOG_FORMAT", logFormat);
        environment.put("STEWARD_LOG_LEVEL", null);
        return ServeProcess.start(data, List.of("-Dlogback.configurationFile="
                + Path.of("src/main/resources/logback.xml").toAbsolutePath()), environment, more);
    }

    private static double metric(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no series " + series + " in the scrape");
    }

    @Test
    void anEndToEndRunShowsInTheMetricsAndTheLogWithoutPersonalValues() throws Exception {
        ServeProcess server = serve("text");
        List<String> lines;
        try {
            String subject = server.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"" + EMAIL
                    + "\"},\"jurisdiction\":\"EEA\",\"customer\":true}", 201).get("id").asText();
            server.json("POST", "/api/v1/subjects/" + subject + "/records", "{\"category\":\"contact.name\",\"value\":\""
                    + NAME + "\",\"source\":\"provided\",\"purposes\":[\"provide\"]}", 201);
            String check = "{\"subject\":\"" + subject + "\",\"category\":\"contact.email\",\"purpose\":\"%s\"}";
            JsonNode allowed = server.json("POST", "/api/v1/decisions", check.formatted("provide"), 200);
            assertThat(allowed.get("allowed").asBoolean()).isTrue();
            JsonNode batch = server.json("POST", "/api/v1/decisions/batch", "{\"checks\":[" + check.formatted("marketing")
                    + "," + check.formatted("marketing") + "]}", 200);
            String deniedReason = batch.get("results").get(0).get("reason").asText();
            String request = server.json("POST", "/api/v1/requests", "{\"type\":\"access\",\"identity\":{\"email\":\""
                    + EMAIL + "\"},\"jurisdiction\":\"EEA\"}", 202).get("id").asText();
            String code = new RequestApiTest.Api(null, server.key(), data).code(EMAIL);
            server.json("POST", "/api/v1/requests/" + request + "/verify", "{\"code\":\"" + code + "\"}", 200);
            server.json("POST", "/api/v1/retention/run", "{}", 200);

            String scrape = server.send("GET", "/metrics", null).body();
            assertThat(metric(scrape, "steward_decisions_total{outcome=\"allowed\",reason=\""
                    + allowed.get("reason").asText() + "\"}")).isEqualTo(1.0);
            assertThat(metric(scrape, "steward_decisions_total{outcome=\"denied\",reason=\"" + deniedReason + "\"}"))
                    .isEqualTo(2.0);
            assertThat(metric(scrape, "steward_requests{status=\"completed\"}")).isEqualTo(1.0);
            assertThat(metric(scrape, "steward_requests{status=\"received\"}")).isZero();
            assertThat(metric(scrape, "steward_requests_overdue")).isZero();
            assertThat(metric(scrape, "steward_retention_runs_total")).isEqualTo(1.0);
            assertThat(metric(scrape, "steward_audit_entries")).isGreaterThan(3.0);
            assertThat(metric(scrape, "steward_db_commit_seconds_count")).isGreaterThan(3.0);
            assertThat(metric(scrape, "steward_db_commit_writes_bucket{le=\"512.0\"}")).isGreaterThan(3.0);
            assertThat(scrape).contains("# HELP steward_decisions_total Decisions answered",
                    "# HELP steward_requests_overdue", "steward_http_requests_seconds_bucket{")
                    .doesNotContain(EMAIL).doesNotContain(NAME);
        } finally {
            lines = server.stop();
        }
        String log = String.join("\n", lines);
        assertThat(log).doesNotContain(EMAIL).doesNotContain(NAME).doesNotContain("mira");
        assertThat(lines).anySatisfy(line -> assertThat(line).matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  Steward - Steward \\S+ started: database sqlite "
                        + "\\(embedded\\), policy \\S+ version \\S+, data directory .+, listening on 127\\.0\\.0\\.1:\\d+"));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches(
                ".*INFO  HttpServer - POST /api/v1/subjects 201 [0-9.]+ ms id=[0-9a-f]{16}"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(
                "POST /api/v1/subjects/{id}/records 201"));
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains("GET /metrics"));
    }

    @Test
    void theJsonLogFormatWritesOneObjectPerLine() throws Exception {
        ServeProcess server = serve("json");
        server.json("GET", "/api/v1/policy", null, 200);
        List<String> lines = server.stop();
        List<JsonNode> logged = lines.stream().filter(line -> line.startsWith("{")).map(line -> {
            try {
                return JSON.readTree(line);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        assertThat(logged).anySatisfy(entry -> {
            assertThat(entry.get("level").asText()).isEqualTo("INFO");
            assertThat(entry.get("formattedMessage").asText()).startsWith("Steward ").contains(" started: ");
            assertThat(entry.get("timestamp").asLong()).isPositive();
        });
        assertThat(logged).anySatisfy(entry -> assertThat(entry.get("formattedMessage").asText())
                .startsWith("GET /api/v1/policy 200"));
    }

    @Test
    void serveWithJsonPrintsItsListeningLineAsJson() throws Exception {
        ServeProcess server = serve("text", "--json");
        List<String> lines = server.stop();
        JsonNode started = JSON.readTree(lines.stream().filter(line -> line.startsWith("{")).findFirst().orElseThrow());
        assertThat(started.get("message").asText()).isEqualTo("Steward listening on " + server.url());
        assertThat(started.get("url").asText()).isEqualTo(server.url());
        assertThat(started.get("admin_key_created").asBoolean()).isTrue();
    }
}
