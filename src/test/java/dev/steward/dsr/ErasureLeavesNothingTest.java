package dev.steward.dsr;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.steward.Steward;
import dev.steward.config.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * After an erasure request, the person's values are nowhere Steward writes: not in the audit log, the
 * request record, the application log, the outbox, or the database file and its WAL; an export made afterwards
 * (of an earlier access request) shows only what the tax hold keeps.
 */
class ErasureLeavesNothingTest {
    private static final List<String> VALUES = List.of("Elena Ortiz", "/console/billing", "wanda@example.com",
            "+352621555019", "621 555 019");

    @TempDir
    Path data;

    @Test
    void noValueOfTheErasedPersonRemainsInExportsAuditLogsOrFiles() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        ch.qos.logback.classic.Level level = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.INFO); // what serve logs by default
        try (Steward steward = Steward.start(new Settings(data, "127.0.0.1", 0, Path.of("policies/reference.yaml"), "",
                1 << 20), Clock.systemUTC(), Map.of())) {
            RequestApiTest.Api api = new RequestApiTest.Api(steward, Files.readString(data.resolve("admin.key"))
                    .strip(), data);
            String subject = RequestApiTest.subject(api, "wanda@example.com", "EEA");
            assertThat(api.raw("POST", "/api/v1/subjects/" + subject + "/identities", "{\"kind\":\"phone\","
                    + "\"value\":\"+352 621 555 019\"}").statusCode()).isEqualTo(204);
            String access = RequestApiTest.submit(api, "access", "wanda@example.com", "EEA", "");
            api.json("POST", "/api/v1/requests/" + access + "/verify", "{\"code\":\"" + api.code("wanda@example.com")
                    + "\"}", 200);
            String before = RequestApiTest.unzip(api.raw("GET", "/api/v1/requests/" + access + "/export", null)
                    .body()).toString();
            assertThat(before).contains(VALUES.get(0), VALUES.get(1));

            String erase = RequestApiTest.submit(api, "erase", "wanda@example.com", "EEA", "");
            api.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\"" + api.code("wanda@example.com")
                    + "\"}", 200);

            var afterwards = api.raw("GET", "/api/v1/requests/" + access + "/export", null);
            String after = afterwards.statusCode() == 200 ? RequestApiTest.unzip(afterwards.body()).toString()
                    : new String(afterwards.body(), StandardCharsets.UTF_8);
            String audit = new String(api.raw("GET", "/api/v1/audit?subject=" + subject + "&limit=1000", null).body(),
                    StandardCharsets.UTF_8);
            String requests = new String(api.raw("GET", "/api/v1/requests/" + erase, null).body(),
                    StandardCharsets.UTF_8);
            // The name and e-mail stay under the tax hold (they are on invoices) and so stay visible to the person.
            assertThat(after).as("export after erasure").doesNotContain("/console/billing").contains("INV-2026-001");
            for (String value : VALUES) {
                assertThat(audit).as("audit log").doesNotContain(value);
                assertThat(requests).as("request record").doesNotContain(value);
            }
            assertThat(audit).contains("subject.erase");
        } finally {
            root.detachAppender(logs);
            root.setLevel(level);
        }
        String logged = String.join("\n", logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        assertThat(logs.list).isNotEmpty();
        for (String value : VALUES) {
            assertThat(logged).as("application log").doesNotContain(value);
        }
        for (String file : new String[] {"steward.db", "steward.db-wal"}) {
            Path path = data.resolve(file);
            if (Files.exists(path)) {
                String content = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
                for (String value : VALUES) {
                    assertThat(content).as(file).doesNotContain(value);
                }
            }
        }
        // The local mail transport: the codes sent to the person went with the erasure, addresses and all.
        try (var messages = Files.list(data.resolve("outbox"))) {
            for (Path message : messages.toList()) {
                assertThat(Files.readString(message, StandardCharsets.ISO_8859_1)).as("outbox").doesNotContain(VALUES);
            }
        }
    }
}
