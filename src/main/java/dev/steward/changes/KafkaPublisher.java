package dev.steward.changes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.jobs.Leases;
import dev.steward.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the change log to a Kafka topic, at least once and in log order: one node at a time holds
 * the publisher's lease, sends each change after the stored position (keyed by subject id, {@code *} for
 * changes that concern everyone, so one subject's events stay in order on one partition; the cursor in
 * the value and a header), waits for the broker to acknowledge every one ({@code acks=all}, idempotent
 * producer), and only then moves the stored position forward by compare-and-set. A broker that is down
 * or restarting leaves the position where it was; publishing resumes from there. The events are those of
 * {@code /api/v1/changes}: opaque ids, choice names and states, no personal values. Owns
 * {@code feed_position}.
 */
public final class KafkaPublisher implements AutoCloseable {
    static final String LEASE = "kafka-feed";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 500;
    private final ChangeLog changes;
    private final Database database;
    private final Leases leases;
    private final String bootstrap;
    private final String topic;
    private final Thread thread;
    private volatile boolean running = true;

    private KafkaPublisher(ChangeLog changes, Database database, Clock clock, String bootstrap, String topic) {
        this.changes = changes;
        this.database = database;
        this.leases = new Leases(database, clock, Duration.ofSeconds(15));
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.thread = new Thread(this::run, "steward-kafka-feed");
        thread.setDaemon(true);
    }

    /** Starts publishing {@code changes} to {@code topic} on the brokers {@code bootstrap}. */
    public static KafkaPublisher start(ChangeLog changes, Database database, Clock clock, String bootstrap,
                                       String topic) {
        KafkaPublisher publisher = new KafkaPublisher(changes, database, clock, bootstrap, topic);
        publisher.thread.start();
        return publisher;
    }

    private void run() {
        while (running) {
            Optional<Leases.Lease> lease = Optional.empty();
            try {
                lease = leases.acquire(LEASE);
                if (lease.isEmpty()) {
                    pause(Duration.ofSeconds(1)); // another node publishes
                    continue;
                }
                publishWhileHeld(lease.get());
            } catch (RuntimeException e) {
                LOG.warn("publishing the change feed to Kafka failed ({}); resuming from the last acknowledged change",
                        e.getClass().getSimpleName());
                pause(Duration.ofSeconds(1));
            } finally {
                lease.ifPresent(held -> {
                    try {
                        leases.release(held);
                    } catch (RuntimeException e) {
                        LOG.debug("giving the feed lease back failed; it expires", e);
                    }
                });
            }
        }
    }

    private void publishWhileHeld(Leases.Lease lease) {
        Producer<String, String> producer = new KafkaProducer<>(properties());
        try {
            long renewed = System.nanoTime();
            while (running) {
                if (System.nanoTime() - renewed > Duration.ofSeconds(5).toNanos()) {
                    if (!leases.renew(lease)) {
                        return; // it lapsed and another node took it over
                    }
                    renewed = System.nanoTime();
                }
                String position = position();
                ChangeLog.Page page = changes.page(position, BATCH, Duration.ofSeconds(1));
                if (page.changes().isEmpty()) {
                    continue;
                }
                List<Future<RecordMetadata>> sent = new ArrayList<>(page.changes().size());
                for (Change change : page.changes()) {
                    ProducerRecord<String, String> record = new ProducerRecord<>(topic,
                            change.everyone() ? "*" : change.subjectId(), json(change));
                    record.headers().add("cursor", change.cursor().getBytes(StandardCharsets.US_ASCII));
                    sent.add(producer.send(record));
                }
                producer.flush();
                for (Future<RecordMetadata> acknowledgement : sent) {
                    acknowledgement.get();
                }
                if (!advance(lease, position, page.next())) {
                    return;
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker did not acknowledge a change: " + e.getCause().getClass()
                    .getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.close(Duration.ofSeconds(2)); // what is not acknowledged by then is sent again from the position
        }
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // ordered, with idempotence
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "steward-" + changes.node());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return properties;
    }

    /** The cursor of the last change the broker acknowledged (the start of the log before any). */
    String position() {
        return FeedPositions.read(database, LEASE);
    }

    /** Moves the position from {@code from} to {@code to}, if this lease still holds and nobody moved it. */
    private boolean advance(Leases.Lease lease, String from, String to) {
        boolean moved = database.write(handle -> {
            int held = handle.createQuery("SELECT COUNT(*) FROM job_lease WHERE name = :n AND holder = :h")
                    .bind("n", lease.name()).bind("h", lease.token()).mapTo(Integer.class).one();
            if (held == 0) {
                return false;
            }
            return FeedPositions.advance(handle, LEASE, from, to);
        });
        if (!moved) {
            LOG.info("the change feed's lease passed to another node; it publishes from here");
        }
        return moved;
    }

    static String json(Change change) {
        try {
            return JSON.writeValueAsString(change.event());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a change could not be written as JSON", e);
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(3_000); // a page waits at most a second; a send in flight may take longer
            thread.interrupt();
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
