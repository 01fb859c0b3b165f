package dev.steward.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.error.StewardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsMatchTheContract() {
        Settings settings = SettingsLoader.load(null, Map.of(), Map.of());
        assertThat(settings.dataDir()).isEqualTo(Path.of("steward-data"));
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.policyFile()).isEqualTo(Path.of("policies/reference.yaml"));
        assertThat(settings.embeddedDatabase()).isTrue();
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile() throws Exception {
        Path file = dir.resolve("steward.yaml");
        Files.writeString(file, "port: 9001\ndata: /from/file\nhost: 0.0.0.0\n");
        Map<String, String> flags = new HashMap<>();
        flags.put("data", "/from/flag");
        flags.put("port", null);
        Settings settings = SettingsLoader.load(file, Map.of("STEWARD_PORT", "9002", "STEWARD_DATA", "/from/env",
                "OTHER", "x"), flags);
        assertThat(settings.port()).isEqualTo(9002);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/from/flag"));
        assertThat(settings.host()).isEqualTo("0.0.0.0");
    }

    @Test
    void rejectsABadPortWithAClearMessage() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("STEWARD_PORT", "eighty"), Map.of()))
                .isInstanceOf(StewardException.class)
                .hasMessage("setting 'port' must be a number from 0 to 65535, found 'eighty'");
    }

    @Test
    void thePostgresPoolSizeComesFromTheFileOrTheEnvironmentWithinItsRange() throws Exception {
        assertThat(SettingsLoader.load(null, Map.of(), Map.of()).databasePoolSize()).isEqualTo(10);
        Path file = dir.resolve("steward.yaml");
        Files.writeString(file, "db_pool_size: 24\n");
        assertThat(SettingsLoader.load(file, Map.of(), Map.of()).databasePoolSize()).isEqualTo(24);
        assertThat(SettingsLoader.load(file, Map.of("STEWARD_DB_POOL_SIZE", "6"), Map.of()).databasePoolSize())
                .isEqualTo(6);
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("STEWARD_DB_POOL_SIZE", "2"), Map.of()))
                .isInstanceOf(StewardException.class).hasMessageContaining("db_pool_size")
                .hasMessageContaining("from 4 to 1000");
    }

    @Test
    void rejectsUnknownSettingsInTheFile() throws Exception {
        Path file = dir.resolve("steward.yaml");
        Files.writeString(file, "prot: 9001\n");
        assertThatThrownBy(() -> SettingsLoader.load(file, Map.of(), Map.of()))
                .hasMessageContaining("unknown setting 'prot'");
    }

    @Test
    void aNamedConfigFileMustExist() {
        assertThatThrownBy(() -> SettingsLoader.load(dir.resolve("missing.yaml"), Map.of(), Map.of()))
                .hasMessageContaining("does not exist");
    }

    @Test
    void theKafkaFeedIsOnlyWithABrokerListAndTakesTheDefaultTopic() throws Exception {
        assertThat(SettingsLoader.load(null, Map.of(), Map.of()).kafka()).isNull();
        Path file = dir.resolve("steward.yaml");
        Files.writeString(file, "kafka_bootstrap: kafka-1:9092,kafka-2:9092\n");
        assertThat(SettingsLoader.load(file, Map.of(), Map.of()).kafka())
                .isEqualTo(new Settings.KafkaFeed("kafka-1:9092,kafka-2:9092", Settings.DEFAULT_KAFKA_TOPIC));
        assertThat(SettingsLoader.load(file, Map.of("STEWARD_KAFKA_TOPIC", "privacy.events"), Map.of()).kafka().topic())
                .isEqualTo("privacy.events");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("STEWARD_KAFKA_TOPIC", "t"), Map.of()))
                .isInstanceOf(StewardException.class).hasMessageContaining("kafka_bootstrap");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("STEWARD_KAFKA_BOOTSTRAP", "host:1",
                "STEWARD_KAFKA_TOPIC", "no spaces"), Map.of()))
                .isInstanceOf(StewardException.class).hasMessageContaining("kafka_topic");
    }
}
