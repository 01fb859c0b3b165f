package dev.steward.versions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.Steward;
import dev.steward.cli.StewardCommand;
import dev.steward.config.Settings;
import dev.steward.error.StewardException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sticky policy versions end to end: a material change is activated with the CLI; subjects holding
 * data from before it keep the earlier terms until they accept, and are notified through the outbox.
 */
class PolicyActivationTest {
    static final Path REFERENCE = Path.of("policies/reference.yaml");
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    record Cli(int code, String out, String err) { }

    static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StewardCommand.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Cli(code, out.toString(), err.toString());
    }

    Steward start() {
        return Steward.start(new Settings(data, "127.0.0.1", 0, REFERENCE, "", 1 << 20), Clock.systemUTC(), Map.of());
    }

    static JsonNode call(Steward steward, String method, String path, String body, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + steward.port() + path))
                .header("Authorization", "Bearer " + Files.readString(steward.adminKeyFile()).strip());
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    static String decide(Steward steward, String subject) throws Exception {
        return call(steward, "POST", "/api/v1/decisions", "{\"subject\":\"" + subject + "\",\"category\":"
                + "\"contact.email\",\"purpose\":\"marketing\"}", 200).get("reason").asText();
    }

    /** The next version: Korean marketing no longer needs consent, a change that lowers protection. */
    Path nextVersion() throws Exception {
        String text = Files.readString(REFERENCE, StandardCharsets.UTF_8)
                .replace("  version: \"2022-09-01\"", "  version: \"2023-01-01\"")
                .replace("basis: {DEFAULT: legitimate_interest, EEA: consent, UK: consent, CH: consent, KR: consent}\n"
                        + "    opt_out: true\n  marketing.interest_based_ads:",
                        "basis: {DEFAULT: legitimate_interest, EEA: consent, UK: consent, CH: consent}\n"
                        + "    opt_out: true\n  marketing.interest_based_ads:");
        assertThat(text).contains("2023-01-01");
        Path next = data.resolve("next.yaml");
        Files.writeString(next, text, StandardCharsets.UTF_8);
        return next;
    }

    @Test
    void aMaterialChangeWaitsForEachAffectedSubjectsChoice() throws Exception {
        String before;
        try (Steward steward = start()) {
            before = call(steward, "POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"jiwoo@example.com\"},"
                    + "\"jurisdiction\":\"KR\"}", 201).get("id").asText();
            call(steward, "POST", "/api/v1/subjects/" + before + "/records", "{\"category\":\"contact.email\","
                    + "\"value\":\"jiwoo@example.com\",\"source\":\"provided\",\"purposes\":[\"communicate\","
                    + "\"marketing\"]}", 201);
            assertThat(decide(steward, before)).isEqualTo("consent_missing");
        }
        Path next = nextVersion();

        Cli dryRun = cli("policy", "activate", next.toString(), "--data", data.toString());
        assertThat(dryRun.code()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("2022-09-01 -> 2023-01-01", "MATERIAL", "purposes.marketing.basis.KR",
                "1 subject(s)", before, "dry run");
        assertThat(outbox()).isEmpty();

        Cli commit = cli("policy", "activate", next.toString(), "--yes", "--data", data.toString());
        assertThat(commit.code()).as(commit.err()).isZero();
        assertThat(commit.out()).contains("2023-01-01 is in force");
        List<Path> messages = outbox();
        assertThat(messages).hasSize(1);
        String message = Files.readString(messages.get(0), StandardCharsets.US_ASCII);
        assertThat(message).contains("To: jiwoo@example.com");
        Cli again = cli("policy", "activate", next.toString(), "--data", data.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("policy version 2023-01-01 has already been in force");

        try (Steward steward = start()) {
            assertThat(steward.policy().meta().version()).isEqualTo("2023-01-01");
            assertThat(decide(steward, before)).as("earlier terms until the subject chooses").isEqualTo("consent_missing");
            String after = call(steward, "POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"minho@example.com\"},"
                    + "\"jurisdiction\":\"KR\"}", 201).get("id").asText();
            assertThat(decide(steward, after)).as("new subjects are on the new terms").isEqualTo("declared_purpose");
            call(steward, "PUT", "/api/v1/subjects/" + before + "/policy/2023-01-01", "{\"accepted\":false}", 204);
            assertThat(decide(steward, before)).as("declining keeps the earlier terms").isEqualTo("consent_missing");
            call(steward, "PUT", "/api/v1/subjects/" + before + "/policy/2023-01-01", "{\"accepted\":true}", 204);
            assertThat(decide(steward, before)).isEqualTo("declared_purpose");
            assertThat(call(steward, "PUT", "/api/v1/subjects/" + after + "/policy/2023-01-01", "{\"accepted\":true}",
                    404).get("error").get("code").asText()).isEqualTo("unknown_policy_version");
        }
    }

    /** A new version neither notifies an erased subject nor gives anything of it back to use. */
    @Test
    void aPolicyActivationAfterAnErasureBringsNothingBack() throws Exception {
        String erased;
        try (Steward steward = start()) {
            erased = call(steward, "POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"gone@example.com\"},"
                    + "\"jurisdiction\":\"KR\"}", 201).get("id").asText();
            call(steward, "POST", "/api/v1/subjects/" + erased + "/records", "{\"category\":\"contact.email\","
                    + "\"value\":\"gone@example.com\",\"source\":\"provided\",\"purposes\":[\"communicate\","
                    + "\"marketing\"]}", 201);
            call(steward, "POST", "/api/v1/subjects/" + erased + "/holds", "{\"reason\":\"Matter 3\"}", 201);
            String request = call(steward, "POST", "/api/v1/requests", "{\"type\":\"erase\",\"identity\":"
                    + "{\"email\":\"gone@example.com\"},\"jurisdiction\":\"KR\"}", 202).get("id").asText();
            String code = java.util.regex.Pattern.compile("code is (\\d{6})").matcher(Files.readString(outbox().get(0),
                    StandardCharsets.US_ASCII).lines().filter(line -> !line.contains(":")).reduce("", String::concat)
                    .transform(text -> new String(java.util.Base64.getMimeDecoder().decode(text),
                            StandardCharsets.UTF_8))).results().findFirst().orElseThrow().group(1);
            call(steward, "POST", "/api/v1/requests/" + request + "/verify", "{\"code\":\"" + code + "\"}", 200);
        }
        Cli commit = cli("policy", "activate", nextVersion().toString(), "--yes", "--data", data.toString());
        assertThat(commit.code()).as(commit.err()).isZero();
        assertThat(commit.out()).doesNotContain(erased);
        try (Steward steward = start()) {
            assertThat(decide(steward, erased)).isEqualTo("subject_erased");
            assertThat(call(steward, "GET", "/api/v1/subjects/" + erased + "/records?purpose=marketing", null, 200)
                    .get("records")).isEmpty();
        }
    }

    /** Someone who never answered the notice of v2 keeps the v1 terms when v3 comes, not v2's. */
    @Test
    void aSubjectKeepsTheTermsItLastAcceptedAcrossTwoChanges() throws Exception {
        String before;
        try (Steward steward = start()) {
            before = call(steward, "POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"dahye@example.com\"},"
                    + "\"jurisdiction\":\"KR\"}", 201).get("id").asText();
            call(steward, "POST", "/api/v1/subjects/" + before + "/records", "{\"category\":\"contact.email\","
                    + "\"value\":\"dahye@example.com\",\"source\":\"provided\",\"purposes\":[\"communicate\","
                    + "\"marketing\"]}", 201);
        }
        Path second = nextVersion();
        assertThat(cli("policy", "activate", second.toString(), "--yes", "--data", data.toString()).code()).isZero();
        String third = Files.readString(second, StandardCharsets.UTF_8).replace("  version: \"2023-01-01\"",
                "  version: \"2024-01-01\"").replace("usable_during: [communicate]", "usable_during: [communicate, "
                + "improve]");
        assertThat(third).contains("2024-01-01", "usable_during: [communicate, improve]");
        Path thirdFile = data.resolve("third.yaml");
        Files.writeString(thirdFile, third, StandardCharsets.UTF_8);
        Cli commit = cli("policy", "activate", thirdFile.toString(), "--yes", "--data", data.toString());
        assertThat(commit.code()).as(commit.err()).isZero();
        try (Steward steward = start()) {
            assertThat(steward.policy().meta().version()).isEqualTo("2024-01-01");
            assertThat(decide(steward, before)).as("still the 2022 terms: Korean marketing needs consent")
                    .isEqualTo("consent_missing");
            call(steward, "PUT", "/api/v1/subjects/" + before + "/policy/2024-01-01", "{\"accepted\":true}", 204);
            assertThat(decide(steward, before)).isEqualTo("declared_purpose");
        }
        assertThat(outbox().stream().map(file -> {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList()).hasSize(2);
    }

    @Test
    void aRunningServerTakesUpAVersionActivatedFromTheCommandLine() throws Exception {
        try (Steward steward = start()) {
            String subject = call(steward, "POST", "/api/v1/subjects", "{\"identities\":{\"email\":"
                    + "\"sora@example.com\"},\"jurisdiction\":\"KR\"}", 201).get("id").asText();
            assertThat(decide(steward, subject)).isEqualTo("consent_missing");
            assertThat(steward.refreshPolicy()).as("nothing changed yet").isFalse();

            Cli commit = cli("policy", "activate", nextVersion().toString(), "--yes", "--data", data.toString());
            assertThat(commit.code()).as(commit.err()).isZero();
            assertThat(commit.out()).contains("takes it up within a second");

            // the change log brings it, without a restart or a refresh call, within the stated second
            long start = System.nanoTime();
            while (!call(steward, "GET", "/api/v1/policy", null, 200).toString().contains("2023-01-01")) {
                assertThat(System.nanoTime() - start).as("taken up within 1 s").isLessThan(1_000_000_000L);
                Thread.sleep(10);
            }
            assertThat(decide(steward, subject)).as("no earlier data, so the new terms at once")
                    .isEqualTo("declared_purpose");
            assertThat(steward.refreshPolicy()).isFalse();
        }
    }

    @Test
    void aPolicyEditedInPlaceIsRefused() throws Exception {
        try (Steward ignored = start()) {
            assertThat(ignored.policy().meta().version()).isEqualTo("2022-09-01");
        }
        Path edited = data.resolve("edited.yaml");
        Files.writeString(edited, Files.readString(REFERENCE, StandardCharsets.UTF_8).replace("Privacy Notice",
                "Privacy Statement"), StandardCharsets.UTF_8);
        Settings settings = new Settings(data, "127.0.0.1", 0, edited, "", 1 << 20);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Steward.start(settings, Clock.systemUTC(), Map.of()))
                .isInstanceOf(StewardException.class).hasMessageContaining("give the changed policy a new version");
    }

    private List<Path> outbox() throws Exception {
        try (Stream<Path> files = Files.list(data.resolve("outbox"))) {
            return files.filter(file -> file.toString().endsWith(".eml")).toList();
        }
    }
}
