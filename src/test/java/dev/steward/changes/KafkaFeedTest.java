package dev.steward.changes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.config.Settings;
import dev.steward.dsr.RequestApiTest;
import dev.steward.dsr.RequestApiTest.Api;
import dev.steward.reliability.Nodes;
import dev.steward.store.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change feed published to a real Kafka broker (KRaft, in this JVM) by two nodes on one PostgreSQL:
 * every change the API acknowledged reaches the topic, also the ones made while the broker was down and
 * restarting; one subject's events arrive in the order they committed; no message holds a personal value.
 */
class KafkaFeedTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "steward.test-changes";

    @TempDir
    Path dir;

    private KafkaBroker broker;
    private Nodes nodes;

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyAcknowledgedChangeReachesTheTopicInOrderPerSubjectAcrossABrokerRestart() throws Exception {
        broker = new KafkaBroker(dir.resolve("kafka"));
        nodes = new Nodes(dir, TestDatabases.freshPostgresUrl(), 2,
                settings -> settings.withKafka(new Settings.KafkaFeed(broker.bootstrap(), TOPIC)));
        List<Api> apis = nodes.apis();
        List<String> emails = List.of("kafka.one@example.com", "kafka.two@example.com", "kafka.three@example.com");
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < emails.size(); i++) {
            subjects.add(RequestApiTest.subject(apis.get(i % 2), emails.get(i), "EEA"));
        }
        String record = "{\"category\":\"usage.clickstream\",\"value\":\"/page/kafka-secret-path\",\"source\":\"automatic\","
                + "\"purposes\":[\"improve\"]}";
        for (int step = 0; step < 30; step++) {
            if (step == 10) {
                broker.stop(); // changes keep being acknowledged while the broker is away
            }
            if (step == 20) {
                broker.start();
            }
            String subject = subjects.get(step % subjects.size());
            Api node = apis.get(step % 2);
            node.json("PUT", "/api/v1/subjects/" + subject + "/consents/marketing",
                    "{\"granted\":" + (step % 3 != 0) + "}", 200);
            if (step % 7 == 0) {
                node.json("POST", "/api/v1/subjects/" + subject + "/records", record, 201);
            }
        }
        apis.get(1).json("POST", "/api/v1/subjects/" + subjects.get(2) + "/close", "{}", 204);

        List<JsonNode> acknowledged = new ArrayList<>();
        JsonNode page = apis.get(0).json("GET", "/api/v1/changes?wait=0&limit=1000", null, 200);
        page.get("changes").forEach(acknowledged::add);
        assertThat(acknowledged).hasSizeGreaterThan(30);

        Map<String, JsonNode> published = new LinkedHashMap<>(); // by cursor, first arrival
        Map<String, List<String>> perSubject = new HashMap<>();  // cursors per key, in arrival order, first arrivals
        List<String> messages = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (published.size() < acknowledged.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> message : consumer.poll(Duration.ofMillis(500))) {
                    messages.add(message.key() + " " + message.value());
                    JsonNode event = JSON.readTree(message.value());
                    String cursor = event.get("cursor").asText();
                    assertThat(new String(message.headers().lastHeader("cursor").value(), StandardCharsets.US_ASCII))
                            .isEqualTo(cursor);
                    assertThat(message.key()).isEqualTo(event.get("subject").isNull() ? "*" : event.get("subject").asText());
                    if (published.putIfAbsent(cursor, event) == null) {
                        perSubject.computeIfAbsent(message.key(), key -> new ArrayList<>()).add(cursor);
                    }
                }
            }
        }
        for (JsonNode change : acknowledged) {
            assertThat(published).as("acknowledged change %s is on the topic", change.get("cursor").asText())
                    .containsEntry(change.get("cursor").asText(), change);
        }
        for (String subject : subjects) {
            List<String> inLog = acknowledged.stream().filter(change -> subject.equals(change.get("subject").asText()))
                    .map(change -> change.get("cursor").asText()).toList();
            assertThat(perSubject.get(subject)).as("one subject's events in commit order").isEqualTo(inLog);
        }
        assertThat(String.join("\n", messages)).doesNotContain("@example.com", "kafka.one", "kafka-secret-path");
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "kafka-feed-test");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return properties;
    }
}
