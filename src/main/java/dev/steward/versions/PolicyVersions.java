package dev.steward.versions;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.Policy;
import dev.steward.policy.PolicyLoader;
import dev.steward.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policy versions that have been in force, with their text, so that data collected under an
 * earlier version can be decided under its terms. A version is put in force once and never edited in
 * place: a changed file must carry a new version and be activated. Thread-safe.
 */
public final class PolicyVersions {
    private final Database database;
    private final Clock clock;
    private final PolicyLoader loader = new PolicyLoader();
    private final Map<String, Policy> parsed = new ConcurrentHashMap<>();
    private volatile Policy inForce;

    public PolicyVersions(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Settles the policy in force at start-up from the configured file: the first start records it;
     * an older version already known defers to the version in force; an unknown version, or a known
     * version whose text changed, is refused with the way out.
     */
    public Policy bootstrap(String name, String source) {
        Policy file = loader.load(name, source);
        Optional<Map<String, Object>> current = current();
        if (current.isEmpty()) {
            record(file, source, null, false);
            return remember(file);
        }
        String version = (String) current.get().get("version");
        Optional<String> storedSha = sha(file.meta().version());
        if (storedSha.isEmpty()) {
            throw new StewardException(ErrorCode.POLICY_NOT_ACTIVE, name, file.meta().version(), version);
        }
        if (!storedSha.get().equals(sha256(source))) {
            throw new StewardException(ErrorCode.POLICY_EDITED_IN_PLACE, name, file.meta().version());
        }
        return remember(version(version).orElseThrow());
    }

    /**
     * Picks up a version another process put in force (the CLI's {@code policy activate}, another node
     * on the same PostgreSQL); true when the version in force changed.
     */
    public boolean refresh() {
        Optional<Map<String, Object>> current = current();
        if (current.isEmpty()) {
            return false;
        }
        String version = (String) current.get().get("version");
        Policy known = inForce;
        if (known != null && known.meta().version().equals(version)) {
            return false;
        }
        remember(version(version).orElseThrow());
        return true;
    }

    /** The policy in force. */
    public Policy inForce() {
        return inForce;
    }

    /** A version that has been in force, parsed from its stored text. */
    public Optional<Policy> version(String version) {
        Policy cached = parsed.get(version);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> source = database.jdbi().withHandle(handle -> handle.createQuery("SELECT source FROM "
                + "policy_version WHERE version = :v").bind("v", version).mapTo(String.class).findOne());
        return source.map(text -> {
            Policy policy = loader.load("policy version " + version, text);
            parsed.put(version, policy);
            return policy;
        });
    }

    /** Records {@code next} as in force, inside the caller's transaction. */
    void record(org.jdbi.v3.core.Handle handle, Policy next, String source, String previous, boolean material) {
        handle.createUpdate("INSERT INTO policy_version (version, policy_id, source, sha256, activated_at, previous, "
                + "material) VALUES (:v, :id, :src, :sha, :at, :prev, :m)").bind("v", next.meta().version())
                .bind("id", next.meta().id()).bind("src", source).bind("sha", sha256(source))
                .bind("at", clock.instant()).bind("prev", previous).bind("m", material).execute();
    }

    private void record(Policy next, String source, String previous, boolean material) {
        database.write(handle -> {
            record(handle, next, source, previous, material);
            return null;
        });
    }

    Policy remember(Policy policy) {
        parsed.put(policy.meta().version(), policy);
        inForce = policy;
        return policy;
    }

    boolean known(String version) {
        return sha(version).isPresent();
    }

    private Optional<String> sha(String version) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT sha256 FROM policy_version WHERE "
                + "version = :v").bind("v", version).mapTo(String.class).findOne());
    }

    private Optional<Map<String, Object>> current() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT version, activated_at FROM "
                + "policy_version ORDER BY activated_at DESC, version DESC LIMIT 1").mapToMap().findOne());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
