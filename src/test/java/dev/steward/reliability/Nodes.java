package dev.steward.reliability;

import dev.steward.Steward;
import dev.steward.config.Settings;
import dev.steward.crypto.MasterKey;
import dev.steward.dsr.RequestApiTest.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Steward nodes sharing one database (PostgreSQL URL, or "" for one embedded node), each with its own
 * data directory under {@code dir} and one master key; every node is driven with the first node's
 * admin key. Closes them all.
 */
public final class Nodes implements AutoCloseable {
    private final List<Steward> started = new ArrayList<>();
    private final List<Api> apis = new ArrayList<>();
    private final String masterKey = MasterKey.generateForEnvironment();

    public Nodes(Path dir, String url, int count) throws Exception {
        this(dir, url, count, settings -> settings);
    }

    /** As above, each node's settings passed through {@code adjust} first (a Kafka feed, for instance). */
    public Nodes(Path dir, String url, int count, java.util.function.UnaryOperator<Settings> adjust) throws Exception {
        Map<String, String> environment = Map.of(MasterKey.ENVIRONMENT, masterKey);
        String key = null;
        for (int i = 0; i < count; i++) {
            Path data = dir.resolve("node" + i);
            Steward node = Steward.start(adjust.apply(new Settings(data, "127.0.0.1", 0,
                    Path.of("policies/reference.yaml"), url, 1 << 20)), Clock.systemUTC(), environment);
            started.add(node);
            key = key == null ? Files.readString(data.resolve("admin.key")).strip() : key;
            apis.add(new Api(node, key, data));
        }
    }

    /**
     * Puts the nodes' master key into {@code keysDir} as the key file a data directory of the CLI reads
     * (for verbs run with {@code --data} of a directory none of the nodes uses).
     */
    public void writeMasterKeyFile(Path keysDir) throws Exception {
        Files.createDirectories(keysDir);
        Files.write(keysDir.resolve("master.json"), java.util.Base64.getDecoder().decode(masterKey));
    }

    public List<Api> apis() {
        return apis;
    }

    @Override
    public void close() {
        started.forEach(Steward::close);
        started.clear();
    }
}
