package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Steward;
import dev.steward.config.Settings;
import dev.steward.dsr.RequestApiTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code steward retention run} against a data directory a stopped server left behind. */
class RetentionCommandTest {
    @TempDir
    Path data;

    @Test
    void aDryRunDeletesNothingAndTheRealRunPurgesTheClosedAccount() throws Exception {
        String subject;
        try (Steward steward = Steward.start(new Settings(data, "127.0.0.1", 0, Path.of("policies/reference.yaml"), "",
                1 << 20), Clock.systemUTC(), Map.of())) {
            RequestApiTest.Api api = new RequestApiTest.Api(steward, Files.readString(data.resolve("admin.key"))
                    .strip(), data);
            subject = RequestApiTest.subject(api, "petra@example.com", "EEA");
            String closedAt = Instant.now().minus(Duration.ofDays(120)).toString();
            assertThat(api.raw("POST", "/api/v1/subjects/" + subject + "/close", "{\"effective_at\":\"" + closedAt
                    + "\"}").statusCode()).isEqualTo(204);
        }

        CliTest.Result preview = CliTest.run("retention", "run", "--dry-run", "--data", data.toString());
        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("would purge 1 closed account(s)", "account_closed");
        CliTest.Result json = CliTest.run("retention", "run", "--json", "--data", data.toString());
        assertThat(json.out()).contains("\"subjects_purged\":1", "usage.clickstream");
        CliTest.Result again = CliTest.run("retention", "run", "--data", data.toString());
        assertThat(again.out()).contains("purged 0 closed account(s)");
        assertThat(CliTest.run("audit", "verify", "--data", data.toString()).code()).isZero();
    }
}
