package dev.steward.access;

import dev.steward.audit.AuditEvent;
import dev.steward.audit.AuditLog;
import dev.steward.store.Database;
import dev.steward.store.Times;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues, checks and lists API keys. Keys are 256 random bits; only their SHA-256 digest is stored,
 * so a copy of the database does not reveal any key. Thread-safe.
 */
public final class ApiKeys {
    private static final String PREFIX = "stw_";
    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(Database database, AuditLog audit, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Issues a key; {@code actor} (who asked) and the new key's id and role are audited, never the key. */
    public IssuedKey issue(String actor, Role role, String name) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), name, role, clock.instant());
        database.write(handle -> {
            handle.createUpdate("INSERT INTO api_key (id, name, role, digest, created_at) VALUES (:id, :name, :role, "
                    + ":digest, :created)").bind("id", key.id()).bind("name", name).bind("role", role.key())
                    .bind("digest", digest(secret)).bind("created", key.createdAt()).execute();
            return audit.append(handle, AuditEvent.of(actor, "admin.key_issued", null, "ok", Map.of("key", key.id(),
                    "role", role.key())));
        });
        return new IssuedKey(key, secret);
    }

    /** The key that {@code secret} belongs to, if it exists and is not revoked. */
    public Optional<ApiKey> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT id, name, role, created_at FROM "
                + "api_key WHERE digest = :digest AND revoked_at IS NULL").bind("digest", digest(secret))
                .map((rs, ctx) -> new ApiKey(rs.getString("id"), rs.getString("name"),
                        Role.parse(rs.getString("role")).orElseThrow(), Times.of(rs.getObject("created_at"))))
                .findOne());
    }

    public List<ApiKey> list() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT id, name, role, created_at FROM "
                + "api_key WHERE revoked_at IS NULL ORDER BY created_at, id")
                .map((rs, ctx) -> new ApiKey(rs.getString("id"), rs.getString("name"),
                        Role.parse(rs.getString("role")).orElseThrow(), Times.of(rs.getObject("created_at"))))
                .list());
    }

    /** Revokes a key; returns false when there is no such active key. */
    public boolean revoke(String actor, String id) {
        return database.write(handle -> {
            int changed = handle.createUpdate("UPDATE api_key SET revoked_at = :now WHERE id = :id AND revoked_at IS "
                    + "NULL").bind("now", clock.instant()).bind("id", id).execute();
            audit.append(handle, AuditEvent.of(actor, "admin.key_revoked", null, changed > 0 ? "ok" : "not_found",
                    Map.of("key", id)));
            return changed > 0;
        });
    }

    public boolean hasActive(Role role) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM api_key WHERE role = "
                + ":role AND revoked_at IS NULL").bind("role", role.key()).mapTo(Integer.class).one()) > 0;
    }

    /** The SHA-256 digest keys are stored under (hex); never the key itself. */
    public static String digest(String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
