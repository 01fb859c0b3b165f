package dev.steward.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How one Steward process runs: data directory, listening address, policy file, database URL (empty
 * for the embedded database in the data directory) and the largest request body accepted. Validated
 * and frozen by {@link SettingsLoader}. Immutable.
 */
public record Settings(Path dataDir, String host, int port, Path policyFile, String databaseUrl, long maxBodyBytes,
                       Path datasetsDir, String databasePassword, int databasePoolSize, Path tlsCert, Path tlsKey,
                       KafkaFeed kafka) {
    public static final String DEFAULT_POLICY = "policies/reference.yaml";
    public static final String DEFAULT_KAFKA_TOPIC = "steward.changes";

    /** Where the change feed is published besides {@code /api/v1/changes}: a broker list and a topic. */
    public record KafkaFeed(String bootstrapServers, String topic) {
        public KafkaFeed {
            if (bootstrapServers == null || !bootstrapServers.matches("[A-Za-z0-9._:\\[\\]-]+(,[A-Za-z0-9._:\\[\\]-]+)*")) {
                throw new dev.steward.error.StewardException(dev.steward.error.ErrorCode.CONFIG_INVALID, "kafka_bootstrap "
                        + "must be a comma-separated list of host:port");
            }
            if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
                throw new dev.steward.error.StewardException(dev.steward.error.ErrorCode.CONFIG_INVALID, "kafka_topic "
                        + "must be 1 to 249 letters, digits, '.', '_' or '-'");
            }
        }
    }

    /** Settings without a Kafka feed. */
    public Settings(Path dataDir, String host, int port, Path policyFile, String databaseUrl, long maxBodyBytes,
                    Path datasetsDir, String databasePassword, int databasePoolSize, Path tlsCert, Path tlsKey) {
        this(dataDir, host, port, policyFile, databaseUrl, maxBodyBytes, datasetsDir, databasePassword, databasePoolSize,
                tlsCert, tlsKey, null);
    }

    /** The same settings, publishing the change feed to {@code feed}. */
    public Settings withKafka(KafkaFeed feed) {
        return new Settings(dataDir, host, port, policyFile, databaseUrl, maxBodyBytes, datasetsDir, databasePassword,
                databasePoolSize, tlsCert, tlsKey, feed);
    }
    /** Connections a node keeps to PostgreSQL at most (one listens to the change log, one commits). */
    public static final int DEFAULT_POOL_SIZE = 10;

    /** Settings served over plain HTTP. */
    public Settings(Path dataDir, String host, int port, Path policyFile, String databaseUrl, long maxBodyBytes,
                    Path datasetsDir, String databasePassword, int databasePoolSize) {
        this(dataDir, host, port, policyFile, databaseUrl, maxBodyBytes, datasetsDir, databasePassword, databasePoolSize,
                null, null);
    }

    /** Whether serve terminates TLS itself ({@code tlsCert} and {@code tlsKey}, PEM files). */
    public boolean tls() {
        return tlsCert != null;
    }

    /** Settings with the default connection pool. */
    public Settings(Path dataDir, String host, int port, Path policyFile, String databaseUrl, long maxBodyBytes,
                    Path datasetsDir, String databasePassword) {
        this(dataDir, host, port, policyFile, databaseUrl, maxBodyBytes, datasetsDir, databasePassword, DEFAULT_POOL_SIZE);
    }

    /** Settings whose dataset files live in {@code DIR/datasets}. */
    public Settings(Path dataDir, String host, int port, Path policyFile, String databaseUrl, long maxBodyBytes) {
        this(dataDir, host, port, policyFile, databaseUrl, maxBodyBytes, dataDir.resolve("datasets"));
    }

    /** Settings without a separate database password (none, or in the URL). */
    public Settings(Path dataDir, String host, int port, Path policyFile, String databaseUrl, long maxBodyBytes,
                    Path datasetsDir) {
        this(dataDir, host, port, policyFile, databaseUrl, maxBodyBytes, datasetsDir, null);
    }

    /** Never shows the database password. */
    @Override
    public String toString() {
        return "Settings[data=" + dataDir + ", host=" + host + ", port=" + port + ", policy=" + policyFile
                + ", database=" + (databaseUrl == null || databaseUrl.isEmpty() ? "embedded" : "postgresql") + "]";
    }

    public Settings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(policyFile, "policyFile");
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new dev.steward.error.StewardException(dev.steward.error.ErrorCode.CONFIG_INVALID, "TLS needs both "
                    + "a certificate and its private key (--tls-cert and --tls-key, or tls_cert and tls_key)");
        }
    }

    public boolean embeddedDatabase() {
        return databaseUrl.isEmpty();
    }
}
