package dev.steward.dsr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Steward;
import dev.steward.dsr.RequestApiTest.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identifiers as attackers and people abroad type them. */
class IdentityInputTest {
    @TempDir
    Path data;

    private long outboxFiles() throws Exception {
        Path outbox = data.resolve("outbox");
        if (!Files.isDirectory(outbox)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.count();
        }
    }

    @Test
    void anIdentifierWithALineBreakIsRefusedAndNothingIsSentOrStored() throws Exception {
        Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", Clock.systemUTC());
        try (Steward ignored = api.steward()) {
            for (String body : new String[] {
                "{\"type\":\"access\",\"identity\":{\"account_id\":\"victim\\r\\nBcc: attacker@evil.example\"},"
                        + "\"jurisdiction\":\"KR\"}",
                "{\"type\":\"access\",\"identity\":{\"email\":\"victim@example.com\\r\\nBcc: a@evil.example\"},"
                        + "\"jurisdiction\":\"KR\"}",
                "{\"type\":\"access\",\"identity\":{\"email\":\"victim@example.com\\u0000\"},\"jurisdiction\":\"KR\"}"}) {
                String error = api.json("POST", "/api/v1/requests", body, 400).get("error").toString();
                assertThat(error).contains("invalid_value").doesNotContain("victim").doesNotContain("evil");
            }
            String subject = api.json("POST", "/api/v1/subjects", "{\"identities\":{\"account_id\":\"a\\nb\"},"
                    + "\"jurisdiction\":\"KR\"}", 400).get("error").get("code").asText();
            assertThat(subject).isEqualTo("invalid_value");
            assertThat(api.json("GET", "/api/v1/requests", null, 200).get("requests")).isEmpty();
            assertThat(outboxFiles()).isZero();
        }
    }

    @Test
    void anInternationalisedAddressGetsItsCodeAndIsVerified() throws Exception {
        Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", Clock.systemUTC());
        try (Steward ignored = api.steward()) {
            RequestApiTest.subject(api, "jörg.müller@bücher.example", "EEA");
            String request = RequestApiTest.submit(api, "access", "Jörg.Müller@Bücher.example", "EEA", "");
            String code = api.code("jörg.müller@bücher.example");
            assertThat(api.json("POST", "/api/v1/requests/" + request + "/verify", "{\"code\":\"" + code + "\"}", 200)
                    .get("status").asText()).isEqualTo("completed");
            assertThat(RequestApiTest.submit(api, "access", "jörg.müller@bücher.example", "EEA", ""))
                    .as("a new request, the first is complete").isNotEqualTo(request);
        }
    }
}
