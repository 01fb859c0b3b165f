package dev.steward.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.store.Database;
import dev.steward.store.TransactionState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Every data key Steward holds: one AES-256-GCM keyset per subject and retention class, and the
 * installation's blind-index HMAC key, all stored wrapped by the {@link KeyEncryptionKey}. Unwrapped
 * primitives are cached (bounded). Deleting a subject's keyset row makes its ciphertext unreadable
 * wherever it was copied. Thread-safe.
 */
public final class KeyRing {
    private static final String BLIND_INDEX = "blind_index";
    /**
     * Ed25519 with raw output: signatures are the plain 64 bytes any Ed25519 library checks. (The first
     * key, {@code certificate_signing}, prefixed Tink's 5-byte key id; it is no longer used.)
     */
    private static final String CERTIFICATE_SIGNING = "certificate_signing_raw";
    private static final int CACHE_SIZE = 10_000;

    private final Database database;
    private final KeyEncryptionKey kek;
    private final Clock clock;
    private final Mac blindIndex;
    private final KeysetHandle signing;
    /** Counts evictions (guarded by {@code cache}): a key read before one is not cached after it. */
    private long evictions;
    /** Subject id → key class → key, least recently used subject first: a subject is forgotten in one step. */
    private final Map<String, Map<String, Aead>> cache = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Aead>> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private KeyRing(Database database, KeyEncryptionKey kek, Clock clock) {
        this.database = database;
        this.kek = kek;
        this.clock = clock;
        this.blindIndex = loadOrCreateBlindIndex();
        this.signing = systemKeyset(CERTIFICATE_SIGNING, PredefinedSignatureParameters.ED25519WithRawOutput);
    }

    /** Opens the key ring; the master key may be created only when the database holds no wrapped key. */
    public static KeyRing open(Database database, Path keysDir, Optional<String> masterFromEnvironment, Clock clock) {
        boolean fresh = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM system_key")
                .mapTo(Integer.class).one()) == 0;
        return new KeyRing(database, MasterKey.load(keysDir, masterFromEnvironment, fresh), clock);
    }

    /** For a KMS or tests: a key ring over any key-encryption key. */
    public static KeyRing open(Database database, KeyEncryptionKey kek, Clock clock) {
        return new KeyRing(database, kek, clock);
    }

    /** Encrypts under the subject's key of {@code keyClass}, creating that key inside {@code handle}'s transaction. */
    public byte[] encrypt(Handle handle, String subjectId, String keyClass, byte[] plaintext, String context) {
        try {
            return subjectAead(handle, subjectId, keyClass, true).orElseThrow()
                    .encrypt(plaintext, associated(subjectId, context));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Decrypts; empty when the key was destroyed (the data is erased) or the ciphertext was tampered with. */
    public Optional<byte[]> decrypt(Handle handle, String subjectId, String keyClass, byte[] ciphertext,
                                    String context) {
        Optional<Aead> aead = subjectAead(handle, subjectId, keyClass, false);
        if (aead.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(aead.get().decrypt(ciphertext, associated(subjectId, context)));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** A keyed, deterministic index of {@code value} (HMAC-SHA256, hex) for lookups without plaintext. */
    public String blindIndex(String kind, String value) {
        try {
            return HexFormat.of().formatHex(blindIndex.computeMac((kind + "\u0000" + value)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("blind index failed", e);
        }
    }

    /**
     * Signs with the deployment's certificate key (Ed25519, created on first use, kept wrapped by the
     * master key); {@link #verificationKeyset()} is the public half anyone may use to check.
     */
    public byte[] sign(byte[] data) {
        try {
            return signingKey().getPrimitive(RegistryConfiguration.get(),
                    com.google.crypto.tink.PublicKeySign.class).sign(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** The public certificate keyset as Tink JSON (no secret). */
    public String verificationKeyset() {
        try {
            return com.google.crypto.tink.TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(
                    signingKey().getPublicKeysetHandle(), RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("public key export failed", e);
        }
    }

    /** The public certificate key as its raw 32 bytes, base64 (for Ed25519 libraries without Tink). */
    public String verificationKey() {
        try {
            var key = (com.google.crypto.tink.signature.Ed25519PublicKey) signingKey().getPublicKeysetHandle()
                    .getPrimary().getKey();
            return java.util.Base64.getEncoder().encodeToString(key.getPublicKeyBytes().toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("public key export failed", e);
        }
    }

    private KeysetHandle signingKey() {
        return signing;
    }

    /**
     * Forgets the subject's cached keys now and again once the transaction of {@code handle} has
     * committed: a reader that loads a key while its deletion is not yet committed cannot leave it in the
     * cache, and none is used from the cache once the deletion is visible.
     */
    public void evictAround(Handle handle, String subjectId) {
        evict(subjectId);
        TransactionState.afterCommit(handle, () -> evict(subjectId));
    }

    /** Forgets every cached key (after the database was restored). */
    public void evictAll() {
        synchronized (cache) {
            evictions++;
            cache.clear();
        }
    }

    /** Forgets cached keys of a subject (after its keys were destroyed). */
    public void evict(String subjectId) {
        synchronized (cache) {
            evictions++;
            cache.remove(subjectId);
        }
    }

    /**
     * The subject's key of {@code keyClass}. Inside a write transaction a key read or created there is
     * kept with the transaction and enters the shared cache only once it has committed: a key of a
     * rolled-back attempt is never used again. A key read before an eviction is never cached after it.
     */
    private Optional<Aead> subjectAead(Handle handle, String subjectId, String keyClass, boolean create) {
        String cacheKey = subjectId + "/" + keyClass;
        TransactionState transaction = handle.isInTransaction() ? TransactionState.of(handle) : null;
        if (transaction != null) {
            Aead local = transaction.get("key:" + cacheKey);
            if (local != null) {
                return Optional.of(local);
            }
        }
        long epoch;
        synchronized (cache) {
            Map<String, Aead> classes = cache.get(subjectId);
            Aead cached = classes == null ? null : classes.get(keyClass);
            if (cached != null) {
                return Optional.of(cached);
            }
            epoch = evictions;
        }
        Optional<byte[]> wrapped = handle.createQuery("SELECT keyset FROM subject_key WHERE subject_id = :s AND "
                + "key_class = :c").bind("s", subjectId).bind("c", keyClass).mapTo(byte[].class).findOne();
        if (wrapped.isEmpty()) {
            if (!create) {
                return Optional.empty();
            }
            wrapped = Optional.of(createSubjectKey(handle, subjectId, keyClass));
        }
        Aead aead = unwrap(wrapped.get(), subjectId + "/" + keyClass, Aead.class);
        if (transaction != null) {
            transaction.put("key:" + cacheKey, aead);
            TransactionState.afterCommit(handle, () -> fill(subjectId, keyClass, aead, epoch));
        } else {
            fill(subjectId, keyClass, aead, epoch);
        }
        return Optional.of(aead);
    }

    private void fill(String subjectId, String keyClass, Aead aead, long epoch) {
        synchronized (cache) {
            if (evictions == epoch) {
                cache.computeIfAbsent(subjectId, id -> new java.util.HashMap<>(2)).put(keyClass, aead);
            }
        }
    }

    private byte[] createSubjectKey(Handle handle, String subjectId, String keyClass) {
        java.util.Optional<Boolean> erased = handle.createQuery("SELECT erased_at IS NOT NULL FROM subject WHERE id = "
                + ":s").bind("s", subjectId).mapTo(Boolean.class).findOne();
        if (erased.isEmpty()) {
            throw new StewardException(ErrorCode.UNKNOWN_SUBJECT, subjectId);
        }
        // An erased subject's data key stays destroyed: nothing new is collected under it (a hold's key may be made).
        if (erased.get() && "default".equals(keyClass)) {
            throw new StewardException(ErrorCode.ACCOUNT_STATE, "the subject was erased; nothing more is collected");
        }
        byte[] wrapped = wrap(newSubjectKeyset(), subjectId + "/" + keyClass);
        handle.createUpdate("INSERT INTO subject_key (subject_id, key_class, keyset, created_at) VALUES (:s, :c, :k, "
                + ":t) ON CONFLICT DO NOTHING").bind("s", subjectId).bind("c", keyClass).bind("k", wrapped)
                .bind("t", clock.instant()).execute();
        return handle.createQuery("SELECT keyset FROM subject_key WHERE subject_id = :s AND key_class = :c")
                .bind("s", subjectId).bind("c", keyClass).mapTo(byte[].class).one();
    }

    private Mac loadOrCreateBlindIndex() {
        try {
            return systemKeyset(BLIND_INDEX, PredefinedMacParameters.HMAC_SHA256_256BITTAG)
                    .getPrimitive(RegistryConfiguration.get(), Mac.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("blind index key", e);
        }
    }

    /**
     * The deployment-wide keyset {@code name} from {@code system_key}, created when the key ring opens
     * (through the one writer path), wrapped by the master key.
     */
    private KeysetHandle systemKeyset(String name, com.google.crypto.tink.Parameters parameters) {
        return database.write(handle -> {
            try {
                // another node may create it at the same moment: whichever row is stored is the key
                handle.createUpdate("INSERT INTO system_key (name, keyset, created_at) VALUES (:n, :k, :t) "
                        + "ON CONFLICT DO NOTHING").bind("n", name)
                        .bind("k", wrap(KeysetHandle.generateNew(parameters, RegistryConfiguration.get()), name))
                        .bind("t", clock.instant()).execute();
                byte[] wrapped = handle.createQuery("SELECT keyset FROM system_key WHERE name = :n")
                        .bind("n", name).mapTo(byte[].class).one();
                return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, kek.aead(),
                        name.getBytes(StandardCharsets.UTF_8), RegistryConfiguration.get());
            } catch (GeneralSecurityException e) {
                throw new StewardException(ErrorCode.MASTER_KEY_MISMATCH);
            }
        });
    }

    private static KeysetHandle newSubjectKeyset() {
        try {
            return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key generation failed", e);
        }
    }

    private byte[] wrap(KeysetHandle handle, String binding) {
        try {
            return TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, kek.aead(),
                    binding.getBytes(StandardCharsets.UTF_8), RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key wrapping failed", e);
        }
    }

    private <P> P unwrap(byte[] wrapped, String binding, Class<P> primitive) {
        try {
            return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, kek.aead(),
                    binding.getBytes(StandardCharsets.UTF_8), RegistryConfiguration.get()).getPrimitive(RegistryConfiguration.get(), primitive);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored key cannot be unwrapped with this master key", e);
        }
    }

    private static byte[] associated(String subjectId, String context) {
        return (subjectId + "\u0000" + context).getBytes(StandardCharsets.UTF_8);
    }
}
