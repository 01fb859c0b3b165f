package dev.steward.dsr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.Steward;
import dev.steward.config.Settings;
import dev.steward.store.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Requests that reach an external shop database described by a dataset file: a second SQLite file, or
 * an embedded PostgreSQL. Access reads it, erasure deletes and masks rows there while invoices under
 * the tax hold stay, and a store that is down leaves the request retryable.
 */
class ExternalStoreTest {
    @TempDir
    Path data;

    static final String SCHEMA = """
            CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, name TEXT, phone TEXT);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (id), address TEXT,
                total INTEGER);
            CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (id), amount TEXT);
            INSERT INTO customers VALUES (1, 'Elena@Example.com', 'Elena Ortiz', '+352 621 000 111');
            INSERT INTO customers VALUES (2, 'someone@example.com', 'Someone Else', NULL);
            INSERT INTO orders VALUES (10, 1, '12 Rue du Fort, Luxembourg', 120);
            INSERT INTO orders VALUES (11, 1, '12 Rue du Fort, Luxembourg', 80);
            INSERT INTO orders VALUES (12, 2, '1 Main Street', 10);
            INSERT INTO invoices VALUES (100, 1, 'INV-100 120 EUR');
            """;

    static void createShop(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String sql : SCHEMA.split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
        }
    }

    void writeDataset(String url) throws Exception {
        Files.createDirectories(data.resolve("datasets"));
        Files.writeString(data.resolve("datasets/shop.yaml"), """
                dataset: shop
                connection: {url: "%s"}
                identity: {table: customers, column: email, kind: email}
                tables:
                  customers: {key: id, columns: {email: contact.email, name: contact.name, phone: contact.phone}}
                  orders: {key: id, link: customer_id, columns: {address: contact.address}, erase: delete}
                  invoices: {key: id, link: customer_id, columns: {amount: billing.invoice}, hold: tax_accounting}
                """.formatted(url), StandardCharsets.UTF_8);
    }

    String shopUrl(TestDatabases kind) throws Exception {
        String url = kind == TestDatabases.POSTGRESQL ? TestDatabases.freshPostgresUrl()
                : "jdbc:sqlite:" + data.resolve("shop.db").toAbsolutePath();
        createShop(url);
        return url;
    }

    RequestApiTest.Api start() throws Exception {
        return start(Clock.systemUTC());
    }

    RequestApiTest.Api start(Clock clock) throws Exception {
        Steward steward = Steward.start(new Settings(data, "127.0.0.1", 0, Path.of("policies/reference.yaml"), "",
                1 << 20), clock, Map.of());
        return new RequestApiTest.Api(steward, Files.readString(data.resolve("admin.key")).strip(), data);
    }

    static int count(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** One deletion path: the purge at the end of a closed account's grace period reaches the shop too. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void thePurgeAfterAccountClosureReachesTheShop(TestDatabases kind) throws Exception {
        String url = shopUrl(kind);
        writeDataset(url);
        RequestApiTest.MovableClock clock = new RequestApiTest.MovableClock();
        RequestApiTest.Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", clock);
        try (Steward ignored = api.steward()) {
            String subject = RequestApiTest.subject(api, "elena@example.com", "EEA");
            assertThat(api.raw("POST", "/api/v1/subjects/" + subject + "/close", "").statusCode()).isEqualTo(204);
            clock.advance(java.time.Duration.ofDays(91));
            JsonNode swept = api.json("POST", "/api/v1/retention/run", "{}", 200);
            assertThat(swept.get("subjects_purged").asInt()).isEqualTo(1);
            assertThat(count(url, "SELECT COUNT(*) FROM orders WHERE customer_id = 1")).as("orders deleted").isZero();
            assertThat(count(url, "SELECT COUNT(*) FROM customers WHERE name = 'Elena Ortiz'")).isZero();
            assertThat(count(url, "SELECT COUNT(*) FROM invoices WHERE customer_id = 1")).as("tax hold").isEqualTo(1);
            assertThat(count(url, "SELECT COUNT(*) FROM orders WHERE customer_id = 2")).as("others untouched")
                    .isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void accessReadsTheShopAndErasureReachesItWhileInvoicesStay(TestDatabases kind) throws Exception {
        String url = shopUrl(kind);
        writeDataset(url);
        RequestApiTest.Api api = start();
        try (Steward ignored = api.steward()) {
            RequestApiTest.subject(api, "elena@example.com", "EEA");
            String access = RequestApiTest.submit(api, "access", "elena@example.com", "EEA", "");
            JsonNode done = api.json("POST", "/api/v1/requests/" + access + "/verify", "{\"code\":\""
                    + api.code("elena@example.com") + "\"}", 200);
            assertThat(done.get("result").get("external").get("shop").asInt()).isEqualTo(6);
            Map<String, String> zip = RequestApiTest.unzip(api.raw("GET", "/api/v1/requests/" + access + "/export", null)
                    .body());
            assertThat(zip.get("data.json")).contains("12 Rue du Fort, Luxembourg", "INV-100 120 EUR")
                    .doesNotContain("Someone Else");

            String erase = RequestApiTest.submit(api, "erase", "elena@example.com", "EEA", "");
            JsonNode erased = api.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\""
                    + api.code("elena@example.com") + "\"}", 200);
            assertThat(erased.get("status").asText()).isEqualTo("partially_completed");
            JsonNode shop = erased.get("result").get("external").get("shop");
            assertThat(shop.get("deleted").get("orders").asInt()).isEqualTo(2);
            assertThat(shop.get("masked").get("customers").asInt()).isEqualTo(1);
            assertThat(shop.get("retained").get("invoices").asText()).isEqualTo("tax_accounting");
        }
        assertThat(count(url, "SELECT COUNT(*) FROM orders WHERE customer_id = 1")).isZero();
        assertThat(count(url, "SELECT COUNT(*) FROM customers WHERE id = 1 AND email IS NULL AND name IS NULL")).isOne();
        assertThat(count(url, "SELECT COUNT(*) FROM invoices WHERE customer_id = 1")).isOne();
        assertThat(count(url, "SELECT COUNT(*) FROM orders WHERE customer_id = 2")).isOne();
        assertThat(count(url, "SELECT COUNT(*) FROM customers WHERE id = 2 AND name = 'Someone Else'")).isOne();
    }

    /** A legal hold an officer places on the person keeps the shop's rows of the categories it covers. */
    @Test
    void aLegalHoldOnThePersonKeepsTheShopsRowsItCovers() throws Exception {
        String url = shopUrl(TestDatabases.SQLITE);
        writeDataset(url);
        RequestApiTest.Api api = start();
        try (Steward ignored = api.steward()) {
            String subject = RequestApiTest.subject(api, "elena@example.com", "EEA");
            api.json("POST", "/api/v1/subjects/" + subject + "/holds", "{\"reason\":\"Delivery dispute D-77\","
                    + "\"categories\":[\"contact.address\"]}", 201);
            String erase = RequestApiTest.submit(api, "erase", "elena@example.com", "EEA", "");
            JsonNode erased = api.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\""
                    + api.code("elena@example.com") + "\"}", 200);
            JsonNode shop = erased.get("result").get("external").get("shop");
            assertThat(shop.get("retained").get("orders").asText()).isEqualTo("Delivery dispute D-77");
            assertThat(shop.get("deleted").has("orders")).isFalse();
            assertThat(shop.get("masked").get("customers").asInt()).as("the person's row is masked, not deleted")
                    .isOne();
        }
        assertThat(count(url, "SELECT COUNT(*) FROM orders WHERE customer_id = 1")).isEqualTo(2);
        assertThat(count(url, "SELECT COUNT(*) FROM customers WHERE id = 1 AND name IS NULL")).isOne();
    }

    /** Someone only the shop knows (a guest checkout): access and erasure reach the shop all the same. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aPersonOnlyTheShopKnowsIsReachedToo(TestDatabases kind) throws Exception {
        String url = shopUrl(kind);
        writeDataset(url);
        RequestApiTest.Api api = start();
        try (Steward ignored = api.steward()) {
            String access = RequestApiTest.submit(api, "access", "Someone@Example.com", "EEA", "");
            JsonNode done = api.json("POST", "/api/v1/requests/" + access + "/verify", "{\"code\":\""
                    + api.code("someone@example.com") + "\"}", 200);
            assertThat(done.get("result").get("external").get("shop").asInt()).isEqualTo(3);
            assertThat(RequestApiTest.unzip(api.raw("GET", "/api/v1/requests/" + access + "/export", null).body())
                    .get("data.json")).contains("Someone Else", "1 Main Street").doesNotContain("Elena Ortiz");

            String erase = RequestApiTest.submit(api, "erase", "someone@example.com", "EEA", "");
            JsonNode erased = api.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\""
                    + api.code("someone@example.com") + "\"}", 200);
            assertThat(erased.get("result").get("external").get("shop").get("deleted").get("orders").asInt()).isOne();
            assertThat(api.raw("GET", "/api/v1/subjects?email=someone@example.com", null).statusCode())
                    .as("the identity went with the erasure").isEqualTo(404);

            JsonNode nobody = api.json("POST", "/api/v1/requests", "{\"type\":\"access\",\"identity\":{\"email\":"
                    + "\"nobody@example.com\"},\"jurisdiction\":\"EEA\"}", 202);
            assertThat(nobody.get("status").asText()).as("the same answer for someone unknown").isEqualTo("received");
            assertThat(api.raw("GET", "/api/v1/subjects?email=nobody@example.com", null).statusCode())
                    .as("no subject is made for someone no store knows").isEqualTo(404);
        }
        assertThat(count(url, "SELECT COUNT(*) FROM orders WHERE customer_id = 2")).isZero();
        assertThat(count(url, "SELECT COUNT(*) FROM customers WHERE id = 2 AND name IS NULL")).isOne();
        assertThat(count(url, "SELECT COUNT(*) FROM orders WHERE customer_id = 1")).as("Elena's stay").isEqualTo(2);
    }

    /**
     * Every jurisdiction of the reference policy against the external shop (SQLite): access reads it,
     * erasure clears it while the held invoice stays; Malaysia offers no erasure and says so.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"BR", "US-CA", "CA", "CR", "EEA", "UK", "CH", "IN", "JP",
        "KR", "DEFAULT", "MY"})
    void everyJurisdictionReachesTheShop(String jurisdiction) throws Exception {
        String url = shopUrl(TestDatabases.SQLITE);
        writeDataset(url);
        RequestApiTest.Api api = start();
        try (Steward ignored = api.steward()) {
            RequestApiTest.subject(api, "elena@example.com", jurisdiction);
            String access = RequestApiTest.submit(api, "access", "elena@example.com", jurisdiction, "");
            api.json("POST", "/api/v1/requests/" + access + "/verify", "{\"code\":\"" + api.code("elena@example.com")
                    + "\"}", 200);
            assertThat(RequestApiTest.unzip(api.raw("GET", "/api/v1/requests/" + access + "/export", null).body())
                    .get("data.json")).contains("12 Rue du Fort, Luxembourg", "Elena Ortiz");
            JsonNode erase = api.json("POST", "/api/v1/requests", "{\"type\":\"erase\",\"identity\":{\"email\":"
                    + "\"elena@example.com\"},\"jurisdiction\":\"" + jurisdiction + "\"}", 202);
            if (jurisdiction.equals("MY")) {
                assertThat(erase.get("status").asText()).isEqualTo("denied");
                assertThat(count(url, "SELECT COUNT(*) FROM orders WHERE customer_id = 1")).isEqualTo(2);
                return;
            }
            JsonNode erased = api.json("POST", "/api/v1/requests/" + erase.get("id").asText() + "/verify", "{\"code\":\""
                    + api.code("elena@example.com") + "\"}", 200);
            assertThat(erased.get("status").asText()).isEqualTo("partially_completed");
        }
        assertThat(count(url, "SELECT COUNT(*) FROM orders WHERE customer_id = 1")).isZero();
        assertThat(count(url, "SELECT COUNT(*) FROM customers WHERE id = 1 AND email IS NULL")).isOne();
        assertThat(count(url, "SELECT COUNT(*) FROM invoices WHERE customer_id = 1")).isOne();
    }

    @Test
    void aStoreThatIsDownLeavesTheRequestRetryableAndTheVaultIntact() throws Exception {
        Path shop = data.resolve("not-yet/shop.db");
        String url = "jdbc:sqlite:" + shop.toAbsolutePath();
        writeDataset(url);
        RequestApiTest.Api api = start();
        try (Steward ignored = api.steward()) {
            RequestApiTest.subject(api, "elena@example.com", "EEA");
            String erase = RequestApiTest.submit(api, "erase", "elena@example.com", "EEA", "");
            JsonNode pending = api.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\""
                    + api.code("elena@example.com") + "\"}", 200);
            assertThat(pending.get("status").asText()).isEqualTo("in_progress");
            assertThat(pending.get("result").get("retry").asBoolean()).isTrue();
            assertThat(pending.get("result").get("error").asText()).contains("shop");
            api.json("GET", "/api/v1/subjects?email=elena@example.com", null, 200);

            Files.createDirectories(shop.getParent());
            createShop(url);
            JsonNode done = api.json("POST", "/api/v1/requests/" + erase + "/retry", null, 200);
            assertThat(done.get("status").asText()).isEqualTo("partially_completed");
            api.json("GET", "/api/v1/subjects?email=elena@example.com", null, 404);
        }
        assertThat(count(url, "SELECT COUNT(*) FROM orders WHERE customer_id = 1")).isZero();
    }

    @Test
    void theScheduledRetryFinishesWhatAStoreThatWasDownLeftWaiting() throws Exception {
        Path shop = data.resolve("later/shop.db");
        String url = "jdbc:sqlite:" + shop.toAbsolutePath();
        writeDataset(url);
        RequestApiTest.Api api = start();
        try (Steward steward = api.steward()) {
            RequestApiTest.subject(api, "elena@example.com", "EEA");
            String erase = RequestApiTest.submit(api, "erase", "elena@example.com", "EEA", "");
            api.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\"" + api.code("elena@example.com")
                    + "\"}", 200);
            assertThat(steward.retries().run()).as("the store is still down").isZero();
            assertThat(api.json("GET", "/api/v1/requests/" + erase, null, 200).get("status").asText())
                    .isEqualTo("in_progress");

            Files.createDirectories(shop.getParent());
            createShop(url);
            // another node running the retry now: this one's run is refused and changes nothing
            try (dev.steward.store.Database beside = dev.steward.store.Database.embedded(data)) {
                var leases = new dev.steward.jobs.Leases(beside, Clock.systemUTC());
                var other = leases.acquire(Retries.LEASE);
                assertThat(other).isPresent();
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> steward.retries().run())
                        .hasMessageContaining("connector retry");
                leases.release(other.get());
            }

            assertThat(steward.retries().run()).isOne();
            assertThat(api.json("GET", "/api/v1/requests/" + erase, null, 200).get("status").asText())
                    .isEqualTo("partially_completed");
            api.json("GET", "/api/v1/subjects?email=elena@example.com", null, 404);
            assertThat(steward.retries().run()).as("nothing left waiting").isZero();
        }
        assertThat(count(url, "SELECT COUNT(*) FROM orders WHERE customer_id = 1")).isZero();
    }

    /** A request whose store stays down does not keep the next waiting request from its turn. */
    @Test
    void retriesGoRoundEveryWaitingRequestNotTheFirstOnesAgain() throws Exception {
        writeDataset("jdbc:sqlite:" + data.resolve("gone/shop.db").toAbsolutePath());
        RequestApiTest.Api api = start();
        try (Steward steward = api.steward()) {
            java.util.List<String> waiting = new java.util.ArrayList<>();
            for (String email : java.util.List.of("first@example.com", "second@example.com")) {
                RequestApiTest.subject(api, email, "EEA");
                String erase = RequestApiTest.submit(api, "erase", email, "EEA", "");
                api.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\"" + api.code(email) + "\"}",
                        200);
                waiting.add(erase);
            }
            Retries oneAtATime = steward.retries().perRun(1);
            for (int run = 0; run < 4; run++) {
                assertThat(oneAtATime.run()).as("the store is still down").isZero();
            }
            JsonNode audit = api.json("GET", "/api/v1/audit?limit=1000", null, 200).get("entries");
            for (String request : waiting) {
                int attempts = 0;
                for (JsonNode entry : audit) {
                    if (entry.get("action").asText().equals("request.connector_failed")
                            && entry.get("detail").asText().contains(request)) {
                        attempts++;
                    }
                }
                assertThat(attempts).as("attempts on %s: once when verified, then every other run", request)
                        .isEqualTo(1 + 2);
            }
        }
    }

    @Test
    void theTeamIsRemindedOfARequestDueSoonAndOfItOverdueOnceEach() throws Exception {
        writeDataset("jdbc:sqlite:" + data.resolve("missing/shop.db").toAbsolutePath());
        RequestApiTest.MovableClock clock = new RequestApiTest.MovableClock();
        RequestApiTest.Api api = start(clock);
        try (Steward steward = api.steward()) {
            RequestApiTest.subject(api, "elena@example.com", "EEA");
            String erase = RequestApiTest.submit(api, "erase", "elena@example.com", "EEA", "");
            api.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\"" + api.code("elena@example.com")
                    + "\"}", 200);
            String dueAt = api.json("GET", "/api/v1/requests/" + erase, null, 200).get("due_at").asText();
            assertThat(steward.reminders().run()).as("a month ahead").isZero();

            clock.advance(java.time.Duration.ofDays(29)); // the EEA's month is about to end
            assertThat(steward.reminders().run()).isOne();
            String dpo = "aws-EU-privacy@amazon.com";
            String soon = api.message(dpo);
            assertThat(soon).contains("is due on " + dueAt.substring(0, 10), erase).doesNotContain("elena", "Elena");
            assertThat(steward.reminders().run()).as("reminded once").isZero();

            clock.advance(java.time.Duration.ofDays(3));
            assertThat(steward.reminders().run()).isOne();
            assertThat(api.message(dpo)).contains("was due on " + dueAt.substring(0, 10), erase).doesNotContain("elena", "Elena");
            assertThat(steward.reminders().run()).isZero();
            assertThat(api.json("GET", "/api/v1/audit?limit=1000", null, 200).toString())
                    .contains("request.reminder");
        }
    }

    @Test
    void aDatasetNamingAnUndeclaredCategoryStopsTheStart() throws Exception {
        writeDataset("jdbc:sqlite:" + data.resolve("shop.db").toAbsolutePath());
        Files.writeString(data.resolve("datasets/shop.yaml"), Files.readString(data.resolve("datasets/shop.yaml"))
                .replace("contact.phone", "contact.fax"));
        org.assertj.core.api.Assertions.assertThatThrownBy(this::start)
                .hasMessageContaining("shop.yaml: tables.customers.columns.phone category 'contact.fax' is not declared");
    }
}
