package dev.steward.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.Steward;
import dev.steward.config.Settings;
import dev.steward.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health} says the process lives; {@code /health/ready} that it can reach its database. */
class HealthTest {
    @TempDir
    Path data;

    @Test
    void readinessFollowsTheDatabase() throws Exception {
        String url = TestDatabases.freshPostgresUrl();
        String name = url.replaceAll(".*/([^/?]+).*", "$1");
        HttpClient client = HttpClient.newHttpClient();
        try (Steward steward = Steward.start(new Settings(data, "127.0.0.1", 0, Path.of("policies/reference.yaml"),
                url, 1 << 20), Clock.systemUTC(), Map.of())) {
            URI ready = URI.create("http://127.0.0.1:" + steward.port() + "/health/ready");
            HttpResponse<String> up = client.send(HttpRequest.newBuilder(ready).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).isEqualTo(200);
            try (Connection admin = DriverManager.getConnection(url.replace("/" + name, "/postgres"));
                 Statement sql = admin.createStatement()) {
                sql.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
                HttpResponse<String> down = client.send(HttpRequest.newBuilder(ready).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(down.statusCode()).isEqualTo(503);
                JsonNode error = HttpServerTest.JSON.readTree(down.body()).get("error");
                assertThat(error.get("code").asText()).isEqualTo("not_ready");
                HttpResponse<String> live = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + steward.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(live.statusCode()).isEqualTo(200);
                sql.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            }
            assertThat(client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
        }
    }
}
