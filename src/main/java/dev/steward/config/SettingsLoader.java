package dev.steward.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds {@link Settings} from, in rising precedence: defaults, a YAML configuration file, {@code
 * STEWARD_*} environment variables, and command-line flags. Each layer is a map of the same keys
 * ({@code data, host, port, policy, db, max_body_bytes}). Stateless.
 */
public final class SettingsLoader {
    static final Set<String> KEYS = Set.of("data", "host", "port", "policy", "db", "db_password_file", "max_body_bytes",
            "datasets", "db_pool_size", "tls_cert", "tls_key", "kafka_bootstrap", "kafka_topic");
    private static final Map<String, String> DEFAULTS = Map.of("data", "steward-data", "host", "127.0.0.1",
            "port", "8080", "policy", Settings.DEFAULT_POLICY, "db", "", "max_body_bytes", "1048576", "db_pool_size",
            String.valueOf(Settings.DEFAULT_POOL_SIZE));

    private SettingsLoader() { }

    /** Merges the layers; {@code configFile} may be null (then {@code ./steward.yaml} is read if present). */
    public static Settings load(Path configFile, Map<String, String> environment, Map<String, String> flags) {
        Map<String, String> merged = new HashMap<>(DEFAULTS);
        merged.putAll(fromFile(configFile == null ? Path.of("steward.yaml") : configFile, configFile != null));
        environment.forEach((name, value) -> {
            if (name.startsWith("STEWARD_")) {
                String key = name.substring("STEWARD_".length()).toLowerCase(java.util.Locale.ROOT);
                if (KEYS.contains(key)) {
                    merged.put(key, value);
                }
            }
        });
        flags.forEach((key, value) -> {
            if (value != null) {
                merged.put(key, value);
            }
        });
        Path data = Path.of(merged.get("data"));
        Path datasets = merged.containsKey("datasets") ? Path.of(merged.get("datasets")) : data.resolve("datasets");
        return new Settings(data, merged.get("host"), number(merged, "port", 0, 65_535), Path.of(merged.get("policy")),
                merged.get("db"), number(merged, "max_body_bytes", 1, 1L << 30), datasets,
                password(environment.get("STEWARD_DB_PASSWORD"), merged.get("db_password_file")),
                number(merged, "db_pool_size", 4, 1_000), path(merged.get("tls_cert")), path(merged.get("tls_key")),
                kafka(merged.get("kafka_bootstrap"), merged.get("kafka_topic")));
    }

    /** The Kafka feed when {@code kafka_bootstrap} is set; {@code kafka_topic} alone is an error. */
    private static Settings.KafkaFeed kafka(String bootstrap, String topic) {
        if (bootstrap == null || bootstrap.isBlank()) {
            if (topic != null && !topic.isBlank()) {
                throw new StewardException(ErrorCode.CONFIG_INVALID, "kafka_topic is set but kafka_bootstrap is not");
            }
            return null;
        }
        return new Settings.KafkaFeed(bootstrap.strip(), topic == null || topic.isBlank() ? Settings.DEFAULT_KAFKA_TOPIC
                : topic.strip());
    }

    /**
     * The PostgreSQL password, kept off the command line (where {@code ps} shows it): from {@code
     * STEWARD_DB_PASSWORD}, or the first line of the file {@code db_password_file} names.
     */
    private static String password(String fromEnvironment, String file) {
        if (file != null && !file.isEmpty()) {
            try {
                return Files.readString(Path.of(file)).lines().findFirst().orElse("");
            } catch (IOException e) {
                throw new StewardException(ErrorCode.CONFIG_INVALID, "cannot read the database password file " + file);
            }
        }
        return fromEnvironment == null || fromEnvironment.isEmpty() ? null : fromEnvironment;
    }

    private static Path path(String text) {
        return text == null || text.isBlank() ? null : Path.of(text);
    }

    private static Map<String, String> fromFile(Path file, boolean required) {
        if (!Files.exists(file)) {
            if (required) {
                throw new StewardException(ErrorCode.CONFIG_INVALID, "configuration file " + file + " does not exist");
            }
            return Map.of();
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, file + ": not valid YAML: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, String> values = new HashMap<>();
        if (root == null || !root.isObject()) {
            return values;
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!KEYS.contains(field.getKey())) {
                throw new StewardException(ErrorCode.CONFIG_INVALID, file + ": unknown setting '" + field.getKey()
                        + "'; known settings are " + new java.util.TreeSet<>(KEYS));
            }
            values.put(field.getKey(), field.getValue().asText());
        }
        return values;
    }

    private static int number(Map<String, String> values, String key, long min, long max) {
        String text = values.get(key).trim();
        try {
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return (int) Math.min(value, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, "setting '" + key + "' must be a number from " + min
                    + " to " + max + ", found '" + text + "'");
        }
    }
}
