package dev.steward;

import dev.steward.access.ApiKeys;
import dev.steward.access.IssuedKey;
import dev.steward.access.Role;
import dev.steward.audit.AuditLog;
import dev.steward.changes.Change;
import dev.steward.changes.ChangeFollower;
import dev.steward.changes.ChangeLog;
import dev.steward.config.DataDirectory;
import dev.steward.config.Settings;
import dev.steward.connect.DatasetLoader;
import dev.steward.connect.Connector;
import dev.steward.crypto.KeyRing;
import dev.steward.crypto.MasterKey;
import dev.steward.consent.Choices;
import dev.steward.decision.DecisionEngine;
import dev.steward.decision.SubjectStates;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.http.HttpServer;
import dev.steward.metrics.StewardMetrics;
import dev.steward.connect.ObservedConnector;
import dev.steward.policy.Policy;
import dev.steward.policy.PolicyException;
import dev.steward.policy.Problem;
import dev.steward.outbox.Outbox;
import dev.steward.versions.Activation;
import dev.steward.versions.PolicyVersions;
import dev.steward.store.Database;
import dev.steward.dsr.Certificates;
import dev.steward.dsr.Exports;
import dev.steward.dsr.Fulfilment;
import dev.steward.dsr.RequestQueue;
import dev.steward.dsr.Requests;
import dev.steward.retention.Deletion;
import dev.steward.retention.RetentionSweep;
import dev.steward.vault.Accounts;
import dev.steward.vault.Erasure;
import dev.steward.vault.LegalHolds;
import dev.steward.vault.Records;
import dev.steward.vault.Subjects;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.Objects;

/**
 * The composition root: builds every part of a running Steward with {@code new} and wires them
 * through constructors. Nothing else creates long-lived collaborators. Close it to stop the server.
 */
public final class Steward implements AutoCloseable {
    private final HttpServer server;
    private final int port;
    private final DataDirectory dataDirectory;
    private final DataDirectory.Lock lock;
    private final boolean adminKeyCreated;
    private final Database database;
    private final PolicyVersions versions;
    private final RetentionSweep sweep;
    private final dev.steward.changes.Compaction changeCompaction;
    private final dev.steward.dsr.Retries retries;
    private final dev.steward.dsr.Reminders reminders;
    private final SubjectStates states;
    private final dev.steward.changes.ChangeFollower follower;
    /** The change feed's publisher to Kafka, when configured. */
    private final dev.steward.changes.KafkaPublisher kafka;
    private final java.util.concurrent.ScheduledExecutorService scheduler =
            java.util.concurrent.Executors.newScheduledThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "steward-scheduled");
                thread.setDaemon(true);
                return thread;
            });
    /** The most writes one commit (one fsync) may carry. */
    static final int GROUP_COMMIT_BATCH = 512;
    /**
     * How often a node reads the change log when nothing wakes it: on PostgreSQL a commit with changes
     * notifies the followers at once and this is only the fallback; on SQLite it is the bound for a
     * change made by another process (the CLI) to reach serve's caches.
     */
    static final java.time.Duration CHANGE_POLL = java.time.Duration.ofMillis(250);
    /** How often serve looks for a policy version put in force by another process. */
    static final int POLICY_REFRESH_SECONDS = 15;

    /** {@code opened} receives the database as soon as it is open, so that a start that fails later closes it. */
    private Steward(Settings settings, Clock clock, Map<String, String> environment, DataDirectory.Lock lock,
                    Database[] opened) {
        this.lock = lock;
        PolicySource source = readPolicy(settings.policyFile());
        this.dataDirectory = new DataDirectory(settings.dataDir()).prepare();
        this.database = Database.open(dataDirectory.root(), settings.databaseUrl(), settings.databasePassword(),
                settings.databasePoolSize()).withGroupCommit(GROUP_COMMIT_BATCH);
        opened[0] = database;
        KeyRing keyRing = KeyRing.open(database, dataDirectory.keys(),
                Optional.ofNullable(environment.get(MasterKey.ENVIRONMENT)), clock);
        // the database runs only beside its own erasure journal (a file here, a shared schema on PostgreSQL)
        dev.steward.vault.ErasureJournal journal = dev.steward.vault.ErasureJournal.open(database,
                dataDirectory.erasureJournal(), clock.instant());
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        StewardMetrics domain = new StewardMetrics(metrics);
        database.observeCommits(domain::committed);
        AuditLog audit = new AuditLog(database, clock);
        this.versions = new PolicyVersions(database, clock);
        versions.bootstrap(source.name(), source.text());
        Supplier<Policy> inForce = versions::inForce;
        Subjects subjects = new Subjects(database, keyRing, audit, inForce, clock);
        this.states = new SubjectStates(database, keyRing, () -> versions.inForce().meta().version());
        DecisionEngine decisions = new DecisionEngine(inForce, versions::version, states, clock);
        Outbox outbox = Outbox.of(database, dataDirectory.outbox(), clock, "privacy@steward.invalid");
        ChangeLog changes = new ChangeLog(database, clock, "node_" + java.util.UUID.randomUUID());
        java.util.function.Consumer<Change> invalidate = change -> {
            states.invalidate(change.scope());
            if (!change.everyone() && (change.kind().equals(Change.ERASURE) || change.kind().equals(Change.HOLD))) {
                keyRing.evict(change.subjectId());
            }
            if (!change.everyone() && change.kind().equals(Change.ERASURE)) {
                outbox.forget(change.subjectId());
            }
        };
        changes.onCommit(invalidate);
        Activation activation = new Activation(database, versions, audit, subjects, outbox, clock, changes);
        Choices choices = new Choices(database, audit, inForce, clock, changes);
        List<Connector> connectors = DatasetLoader.loadAll(settings.datasetsDir(), versions.inForce(), environment)
                .stream().<Connector>map(connector -> new ObservedConnector(connector, domain::connectorUnavailable))
                .toList();
        Deletion deletion = Deletion.over(database, keyRing, audit, journal, inForce, clock,
                changes, subjects, connectors, domain::retention);
        LegalHolds holds = deletion.holds();
        Erasure erasure = deletion.erasure();
        Records records = new Records(database, keyRing, audit, inForce, decisions, subjects, holds, clock);
        RequestQueue queue = new RequestQueue(database, audit, inForce, clock);
        Fulfilment fulfilment = new Fulfilment(database, keyRing, records, choices, deletion.deleter(), inForce,
                subjects, connectors);
        Requests requests = new Requests(database, queue, audit, subjects, fulfilment, outbox, inForce, clock);
        dev.steward.sharing.Disclosures disclosures = new dev.steward.sharing.Disclosures(database, decisions, states,
                audit, inForce, clock);
        Exports exports = new Exports(requests, records, inForce, fulfilment, disclosures);
        this.retries = new dev.steward.dsr.Retries(requests, database, clock);
        this.reminders = new dev.steward.dsr.Reminders(database, outbox, audit, inForce, clock);
        Accounts accounts = new Accounts(database, audit, inForce, clock, changes);
        this.sweep = deletion.sweep();
        this.changeCompaction = new dev.steward.changes.Compaction(changes, clock, dev.steward.changes.Compaction.WINDOW);
        ApiKeys keys = new ApiKeys(database, audit, clock);
        this.adminKeyCreated = ensureAdminKey(keys);
        domain.watch(queue, audit, clock);
        this.server = new HttpServer(settings, inForce, keys, subjects, records, audit, choices, decisions, activation,
                requests, queue, exports, new Certificates(requests, erasure, keyRing, audit, clock), accounts, holds, sweep,
                metrics, domain, database::reachable, erasure, changes, disclosures,
                new dev.steward.reports.Reports(database, inForce, clock));
        // What another node or process changes reaches this one's caches through the change log.
        this.follower = ChangeFollower.start(changes, CHANGE_POLL, change -> {
            if (change.kind().equals(Change.POLICY) && change.everyone()) {
                versions.refresh();
            }
            invalidate.accept(change);
        }, () -> {
            versions.refresh();
            states.invalidate("*");
            keyRing.evictAll();
        });
        this.kafka = settings.kafka() == null ? null : dev.steward.changes.KafkaPublisher.start(changes, database, clock,
                settings.kafka().bootstrapServers(), settings.kafka().topic());
        this.port = server.start();
        Policy started = versions.inForce();
        org.slf4j.LoggerFactory.getLogger(Steward.class).info("Steward {} started: database {}, policy {} version {}, "
                + "data directory {}, listening on {}:{}", version(), database.isPostgres() ? "postgresql" : "sqlite "
                + "(embedded)", started.meta().id(), started.meta().version(), dataDirectory.root().toAbsolutePath(),
                settings.host(), port);
        // Retention also runs on its own, hourly, inside serve.
        scheduler.scheduleWithFixedDelay(() -> scheduled("retention sweep", () -> sweep.run("system:retention", false)),
                1, 60, java.util.concurrent.TimeUnit.MINUTES);
        // So does the change log's compaction, on one node at a time.
        scheduler.scheduleWithFixedDelay(() -> scheduled("change-log compaction", changeCompaction::run), 7, 60,
                java.util.concurrent.TimeUnit.MINUTES);
        // Requests an unreachable store left waiting are retried every 5 minutes, on one node at a time.
        scheduler.scheduleWithFixedDelay(() -> scheduled("connector retry", retries::run), 5, 5,
                java.util.concurrent.TimeUnit.MINUTES);
        // Deadline reminders to the policy's privacy contacts, hourly, on one node at a time.
        scheduler.scheduleWithFixedDelay(() -> scheduled("deadline reminders", reminders::run), 3, 60,
                java.util.concurrent.TimeUnit.MINUTES);
        // A version put in force elsewhere (the CLI, another node) takes effect here within seconds.
        scheduler.scheduleWithFixedDelay(this::scheduledRefresh, POLICY_REFRESH_SECONDS, POLICY_REFRESH_SECONDS,
                java.util.concurrent.TimeUnit.SECONDS);
        if (database.isPostgres()) {
            // mail a node queued but could not hand over (it stopped, or its claim lapsed) goes out from here
            scheduler.scheduleWithFixedDelay(() -> deliverMail(outbox), 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static void deliverMail(Outbox outbox) {
        try {
            outbox.deliver();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Steward.class).error("outbox delivery failed", e);
        }
    }

    /** Starts Steward with {@code settings}; the server is listening when this returns. */
    public static Steward start(Settings settings, Clock clock) {
        return start(settings, clock, System.getenv());
    }

    /** Starts Steward reading secrets ({@code STEWARD_MASTER_KEY}) from {@code environment}. */
    public static Steward start(Settings settings, Clock clock, Map<String, String> environment) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        DataDirectory.Lock lock = new DataDirectory(settings.dataDir()).prepare().lock("starting another server on it");
        Database[] opened = new Database[1];
        try {
            // before any key is written: a start that cannot listen leaves nothing behind
            requireFreePort(settings.host(), settings.port());
            if (settings.tls()) {
                dev.steward.http.HttpServer.checkTls(settings); // a bad certificate or key is refused before any key
            }
            return new Steward(settings, clock, Map.copyOf(environment), lock, opened);
        } catch (RuntimeException | Error e) {
            if (opened[0] != null) {
                opened[0].close(); // its writer threads and connections go with the failed start
            }
            lock.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** Every route the HTTP server answers ({@code METHOD /path}). */
    public List<String> routes() {
        return server.routes();
    }

    /** This build's version, from the jar manifest ("development" when run from classes). */
    public static String version() {
        String version = Steward.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    private static void requireFreePort(String host, int port) {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, "cannot listen on " + host + ":" + port
                    + " (in use, or the address is not this machine's); choose another --port or --host");
        }
    }

    /** The policy in force. */
    public Policy policy() {
        return versions.inForce();
    }

    public Path adminKeyFile() {
        return dataDirectory.adminKey();
    }

    public boolean adminKeyCreated() {
        return adminKeyCreated;
    }

    /**
     * Takes up the policy version in force in the database if another process changed it; true when it
     * did (serve checks every {@value #POLICY_REFRESH_SECONDS} seconds).
     */
    public boolean refreshPolicy() {
        boolean changed = versions.refresh();
        if (changed) {
            states.invalidate("*");
            org.slf4j.LoggerFactory.getLogger(Steward.class).info("policy version {} is now in force",
                    versions.inForce().meta().version());
        }
        return changed;
    }

    private void scheduledRefresh() {
        try {
            refreshPolicy();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Steward.class).error("policy refresh failed", e);
        }
    }

    /**
     * Runs one scheduled job; another node (or the CLI) running it now is not a failure: this round's run is
     * theirs.
     */
    private static void scheduled(String what, Runnable job) {
        try {
            job.run();
        } catch (StewardException e) {
            if (e.code() != ErrorCode.JOB_RUNNING) {
                org.slf4j.LoggerFactory.getLogger(Steward.class).error("scheduled {} failed", what, e);
            }
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Steward.class).error("scheduled {} failed", what, e);
        }
    }

    /** The deadline reminders (run hourly by serve). */
    public dev.steward.dsr.Reminders reminders() {
        return reminders;
    }

    /** The scheduled retry of requests a connector failure left waiting (run every 5 minutes by serve). */
    public dev.steward.dsr.Retries retries() {
        return retries;
    }

    /** The change-log compaction of this instance (run hourly by serve). */
    public dev.steward.changes.Compaction changeCompaction() {
        return changeCompaction;
    }

    /** The retention sweep of this instance (for {@code steward retention run}). */
    public RetentionSweep retention() {
        return sweep;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        server.stop();
        if (kafka != null) {
            kafka.close();
        }
        follower.close();
        database.close();
        lock.close();
    }

    /** On first start (no active admin key) issues one and writes it to {@code DIR/admin.key}, mode 0600. */
    private boolean ensureAdminKey(ApiKeys keys) {
        if (keys.hasActive(Role.ADMIN)) {
            return false;
        }
        IssuedKey admin = keys.issue("system", Role.ADMIN, "first admin");
        dataDirectory.writeSecret(dataDirectory.adminKey(), admin.secret());
        return true;
    }

    /** The policy in force in the database of {@code settings} (for commands that run beside the server). */
    public static Policy currentPolicy(Settings settings, Database database, Clock clock) {
        PolicySource source = readPolicy(settings.policyFile());
        return new PolicyVersions(database, clock).bootstrap(source.name(), source.text());
    }

    /** A policy's text and the name problems are reported under. */
    public record PolicySource(String name, String text) { }

    /**
     * Reads the policy file; when the default path does not exist (Steward started outside its source
     * tree) the reference policy packaged in the jar is used instead.
     */
    public static PolicySource readPolicy(Path file) {
        try {
            if (Files.exists(file) || !file.equals(Path.of(Settings.DEFAULT_POLICY))) {
                return new PolicySource(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
            try (InputStream in = Steward.class.getResourceAsStream("/" + Settings.DEFAULT_POLICY)) {
                if (in == null) {
                    throw new java.nio.file.NoSuchFileException(file.toString());
                }
                return new PolicySource("jar:" + Settings.DEFAULT_POLICY, new String(in.readAllBytes(),
                        StandardCharsets.UTF_8));
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PolicyException(List.of(new Problem(file.toString(), 1, 1, "FILE_NOT_FOUND", "no such file")));
        } catch (IOException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, "cannot read the policy " + file);
        }
    }
}
