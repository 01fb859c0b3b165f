package dev.steward.changes;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), run in the test's
 * JVM from the {@code kafka_2.13} jars, on loopback ports chosen once so that it can be stopped and
 * started again on the same log directory and address.
 */
public final class KafkaBroker implements AutoCloseable {
    private final Properties properties = new Properties();
    private final int port;
    private KafkaRaftServer server;

    public KafkaBroker(Path logDir) throws Exception {
        this.port = freePort();
        int controller = freePort();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
        properties.put("log.dirs", logDir.toString());
        properties.put("num.partitions", "3");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("auto.create.topics.enable", "true");
        KafkaConfig config = KafkaConfig.fromProps(properties);
        new Formatter().setNodeId(1).setClusterId(Uuid.randomUuid().toString()).addDirectory(logDir.toString())
                .setMetadataLogDirectory(config.metadataLogDir()).setControllerListenerName("CONTROLLER")
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).run();
        start();
    }

    public void start() {
        server = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
        server.startup();
    }

    public void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
