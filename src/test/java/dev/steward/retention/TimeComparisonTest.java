package dev.steward.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.Steward;
import dev.steward.dsr.RequestApiTest;
import dev.steward.store.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cut-offs half a second past a whole-second time: compared as text, {@code …:00Z} sorts after
 * {@code …:00.5Z} and nothing would expire; compared as times, it does.
 */
class TimeComparisonTest {
    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void periodsEndHalfASecondAfterAWholeSecond(TestDatabases kind) throws Exception {
        RequestApiTest.MovableClock clock = new RequestApiTest.MovableClock();
        String url = kind == TestDatabases.POSTGRESQL ? TestDatabases.freshPostgresUrl() : "";
        RequestApiTest.Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), url, clock);
        try (Steward ignored = api.steward()) {
            Instant start = clock.instant();
            String lead = api.json("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"tom@example.com\"},"
                    + "\"jurisdiction\":\"US-CA\"}", 201).get("id").asText();
            api.json("POST", "/api/v1/subjects/" + lead + "/records", "{\"category\":\"marketing.leads\",\"value\":"
                    + "\"asked for a demo\",\"source\":\"other\",\"purposes\":[\"marketing\"]}", 201);
            Instant holdEnd = start.plus(Duration.ofDays(30));
            String subject = RequestApiTest.subject(api, "ute@example.com", "EEA");
            api.json("POST", "/api/v1/subjects/" + subject + "/holds", "{\"reason\":\"Matter 9\",\"until\":\"" + holdEnd
                    + "\"}", 201);

            clock.advance(Duration.between(start, holdEnd).plusMillis(500));
            JsonNode first = api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(first.get("holds_released")).as("a hold that ended half a second ago").hasSize(1);

            Instant threeYears = start.atOffset(ZoneOffset.UTC).plusYears(3).toInstant();
            clock.advance(Duration.between(clock.instant(), threeYears).plusMillis(500));
            JsonNode swept = api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(swept.get("deleted").path("marketing_leads").toString()).as("three years and half a second")
                    .contains("marketing.leads");
        }
    }
}
