package dev.steward;

import dev.steward.access.ApiKeys;
import dev.steward.access.IssuedKey;
import dev.steward.access.Role;
import dev.steward.audit.AuditLog;
import dev.steward.config.DataDirectory;
import dev.steward.config.Settings;
import dev.steward.crypto.KeyRing;
import dev.steward.crypto.MasterKey;
import dev.steward.consent.Choices;
import dev.steward.decision.DecisionEngine;
import dev.steward.decision.SubjectStates;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.http.HttpServer;
import dev.steward.policy.Policy;
import dev.steward.policy.PolicyLoader;
import dev.steward.store.Database;
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
    private final Policy policy;
    private final DataDirectory dataDirectory;
    private final boolean adminKeyCreated;
    private final Database database;
    /** The most writes one commit (one fsync) may carry. */
    static final int GROUP_COMMIT_BATCH = 512;

    private Steward(Settings settings, Clock clock, Map<String, String> environment) {
        this.policy = loadPolicy(settings.policyFile());
        this.dataDirectory = new DataDirectory(settings.dataDir()).prepare();
        this.database = Database.open(dataDirectory.root(), settings.databaseUrl()).withGroupCommit(GROUP_COMMIT_BATCH);
        KeyRing keyRing = KeyRing.open(database, dataDirectory.keys(),
                Optional.ofNullable(environment.get(MasterKey.ENVIRONMENT)), clock);
        AuditLog audit = new AuditLog(database, clock);
        Supplier<Policy> inForce = () -> policy;
        Subjects subjects = new Subjects(database, keyRing, audit, inForce, clock);
        SubjectStates states = new SubjectStates(database, keyRing);
        DecisionEngine decisions = new DecisionEngine(inForce, states, clock);
        Choices choices = new Choices(database, audit, inForce, clock, states::invalidate);
        Records records = new Records(database, keyRing, audit, inForce, decisions, subjects, clock);
        ApiKeys keys = new ApiKeys(database, audit, clock);
        this.adminKeyCreated = ensureAdminKey(keys);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        this.server = new HttpServer(settings, policy, keys, subjects, records, audit, choices, decisions, metrics);
        this.port = server.start();
    }

    /** Starts Steward with {@code settings}; the server is listening when this returns. */
    public static Steward start(Settings settings, Clock clock) {
        return start(settings, clock, System.getenv());
    }

    /** Starts Steward reading secrets ({@code STEWARD_MASTER_KEY}) from {@code environment}. */
    public static Steward start(Settings settings, Clock clock, Map<String, String> environment) {
        Objects.requireNonNull(settings, "settings");
        return new Steward(settings, Objects.requireNonNull(clock, "clock"), Map.copyOf(environment));
    }

    public int port() {
        return port;
    }

    public Policy policy() {
        return policy;
    }

    public Path adminKeyFile() {
        return dataDirectory.adminKey();
    }

    public boolean adminKeyCreated() {
        return adminKeyCreated;
    }

    @Override
    public void close() {
        server.stop();
        database.close();
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

    /**
     * Loads the policy file; when the default path does not exist (Steward started outside its source
     * tree) the reference policy packaged in the jar is used instead.
     */
    static Policy loadPolicy(Path file) {
        PolicyLoader loader = new PolicyLoader();
        if (Files.exists(file) || !file.equals(Path.of(Settings.DEFAULT_POLICY))) {
            return loader.load(file);
        }
        try (InputStream in = Steward.class.getResourceAsStream("/" + Settings.DEFAULT_POLICY)) {
            if (in == null) {
                return loader.load(file);
            }
            return loader.load("jar:" + Settings.DEFAULT_POLICY, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, "cannot read the packaged reference policy");
        }
    }
}
