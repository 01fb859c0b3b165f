package dev.steward.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.Steward;
import dev.steward.changes.KafkaBroker;
import dev.steward.config.Settings;
import dev.steward.crypto.MasterKey;
import dev.steward.dsr.RequestApiTest.Api;
import dev.steward.store.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL, the first a {@code serve} process that publishes the change feed to a real
 * Kafka broker: killed with SIGKILL while clients write to it, it loses nothing it acknowledged (the
 * other node reads every record, the audit chain verifies, every acknowledged consent is in the change
 * log) and the other node takes its feed lease over once it lapses and publishes everything to the topic.
 */
class NodeKilledTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "steward.killed-node";
    private static final String RECORD = "{\"category\":\"contact.name\",\"value\":\"Killed Node %d-%d\","
            + "\"source\":\"provided\",\"purposes\":[\"provide\"]}";

    @TempDir
    Path dir;

    private KafkaBroker broker;
    private ServeProcess first;
    private Steward second;

    @AfterEach
    void stop() throws Exception {
        if (first != null) {
            first.kill();
        }
        if (second != null) {
            second.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aNodeKilledMidRequestLosesNothingItAcknowledgedAndItsLeaseIsTakenOver() throws Exception {
        broker = new KafkaBroker(dir.resolve("kafka"));
        String url = TestDatabases.freshPostgresUrl();
        String master = MasterKey.generateForEnvironment();
        first = ServeProcess.start(dir.resolve("a"), List.of(), Map.of("STEWARD_DB", url, MasterKey.ENVIRONMENT, master,
                "STEWARD_KAFKA_BOOTSTRAP", broker.bootstrap(), "STEWARD_KAFKA_TOPIC", TOPIC));
        String firstHolder = awaitHolder(url, holder -> holder != null);
        second = Steward.start(new Settings(dir.resolve("b"), "127.0.0.1", 0, Path.of("policies/reference.yaml"), url,
                1 << 20).withKafka(new Settings.KafkaFeed(broker.bootstrap(), TOPIC)), Clock.systemUTC(),
                Map.of(MasterKey.ENVIRONMENT, master));
        Api survivor = new Api(second, first.key(), dir.resolve("b"));
        assertThat(holder(url)).as("the first node keeps the feed while it lives").isEqualTo(firstHolder);

        List<String> subjects = new ArrayList<>();
        Map<String, Set<String>> records = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> consents = new ConcurrentHashMap<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> created = first.send("POST", "/api/v1/subjects", "{\"identities\":{\"email\":\"killed"
                    + i + "@example.com\"},\"jurisdiction\":\"EEA\",\"customer\":true}");
            String subject = JSON.readTree(created.body()).get("id").asText();
            subjects.add(subject);
            records.put(subject, ConcurrentHashMap.newKeySet());
            consents.put(subject, new AtomicInteger());
        }

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(6);
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            int writer = w;
            work.add(writers.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String subject = subjects.get((writer + i) % subjects.size());
                    try {
                        if (i % 2 == 0) {
                            HttpResponse<String> response = first.send("POST", "/api/v1/subjects/" + subject
                                    + "/records", RECORD.formatted(writer, i));
                            if (response.statusCode() == 201) {
                                records.get(subject).add(JSON.readTree(response.body()).get("id").asText());
                            }
                        } else {
                            HttpResponse<String> response = first.send("PUT", "/api/v1/subjects/" + subject
                                    + "/consents/marketing", "{\"granted\":" + (i % 4 == 1) + "}");
                            if (response.statusCode() == 200) {
                                consents.get(subject).incrementAndGet();
                            }
                        }
                    } catch (java.io.IOException e) {
                        return null; // the node died: this request was never acknowledged
                    }
                }
                return null;
            }));
        }
        Thread.sleep(500 + new Random(7).nextInt(1000));
        first.kill();
        stop.set(true);
        for (Future<?> each : work) {
            each.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();
        first = null;

        for (String subject : subjects) {
            Set<String> present = new HashSet<>();
            survivor.json("GET", "/api/v1/subjects/" + subject + "/records?purpose=provide", null, 200).get("records")
                    .forEach(record -> present.add(record.get("id").asText()));
            assertThat(present).as("records the killed node acknowledged").containsAll(records.get(subject));
        }
        assertThat(survivor.json("GET", "/api/v1/audit/verify", null, 200).get("valid").asBoolean()).isTrue();
        List<JsonNode> log = new ArrayList<>();
        survivor.json("GET", "/api/v1/changes?wait=0&limit=1000", null, 200).get("changes").forEach(log::add);
        for (String subject : subjects) {
            long logged = log.stream().filter(change -> subject.equals(change.get("subject").asText())
                    && "consent".equals(change.get("kind").asText())).count();
            assertThat(logged).as("acknowledged consent changes are in the change log")
                    .isGreaterThanOrEqualTo(consents.get(subject).get());
        }
        assertThat(records.values().stream().mapToInt(Set::size).sum()).as("writes were acknowledged").isPositive();

        String secondHolder = awaitHolder(url, holder -> holder != null && !holder.equals(firstHolder));
        assertThat(secondHolder).as("the surviving node took the feed lease over").isNotEqualTo(firstHolder);
        Set<String> published = new HashSet<>();
        Set<String> wanted = new HashSet<>();
        log.forEach(change -> wanted.add(change.get("cursor").asText()));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!published.containsAll(wanted) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> message : consumer.poll(Duration.ofMillis(500))) {
                    published.add(JSON.readTree(message.value()).get("cursor").asText());
                }
            }
        }
        assertThat(published).as("every change in the log reached the topic").containsAll(wanted);
    }

    /** The holder of the feed lease once {@code wanted} holds of it (within 40 s: the lease lasts 15). */
    private static String awaitHolder(String url, java.util.function.Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        String holder = holder(url);
        while (!wanted.test(holder)) {
            assertThat(System.nanoTime()).as("the feed lease holder").isLessThan(deadline);
            Thread.sleep(100);
            holder = holder(url);
        }
        return holder;
    }

    private static String holder(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT holder FROM job_lease WHERE name = 'kafka-feed'")) {
            return row.next() ? row.getString(1) : null;
        }
    }

    private Properties consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "killed-node-test");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return properties;
    }
}
