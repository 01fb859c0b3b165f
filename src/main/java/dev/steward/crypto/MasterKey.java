package dev.steward.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.MacConfig;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;

/**
 * The key-encryption key that wraps every other key Steward keeps. It comes from {@code
 * STEWARD_MASTER_KEY} (a base64 Tink JSON keyset), else from {@code DIR/keys/master.json} (created
 * with mode 0600 on first start). A cloud KMS plugs in by implementing {@link KeyEncryptionKey}
 * with the KMS's AEAD (Tink's {@code KmsClient}) instead. Thread-safe.
 */
public final class MasterKey implements KeyEncryptionKey {
    public static final String ENVIRONMENT = "STEWARD_MASTER_KEY";
    static final String FILE = "master.json";

    static {
        try {
            AeadConfig.register();
            MacConfig.register();
            com.google.crypto.tink.signature.SignatureConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final KeysetHandle handle;
    private final Aead aead;
    private final String origin;

    private MasterKey(KeysetHandle handle, String origin) throws GeneralSecurityException {
        this.handle = handle;
        this.aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
        this.origin = origin;
    }

    /**
     * Loads the master key; creates it in {@code keysDir} only when {@code mayCreate} (a database with
     * no wrapped keys yet). A missing key for an existing database is an error, never a new key.
     */
    public static MasterKey load(Path keysDir, Optional<String> fromEnvironment, boolean mayCreate) {
        try {
            if (fromEnvironment.isPresent() && !fromEnvironment.get().isBlank()) {
                String json = new String(Base64.getDecoder().decode(fromEnvironment.get().trim()), StandardCharsets.UTF_8);
                return new MasterKey(TinkJsonProtoKeysetFormat.parseKeyset(json, RegistryConfiguration.get(),
                        InsecureSecretKeyAccess.get()),
                        ENVIRONMENT);
            }
            Path file = keysDir.resolve(FILE);
            if (Files.exists(file)) {
                return new MasterKey(TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file),
                        RegistryConfiguration.get(), InsecureSecretKeyAccess.get()), file.toString());
            }
            if (!mayCreate) {
                throw new StewardException(ErrorCode.MASTER_KEY_MISSING, file);
            }
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get());
            write(file, TinkJsonProtoKeysetFormat.serializeKeyset(handle, RegistryConfiguration.get(),
                    InsecureSecretKeyAccess.get()));
            return new MasterKey(handle, file.toString());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new StewardException(ErrorCode.MASTER_KEY_INVALID, "the master key cannot be read as a Tink keyset");
        } catch (IOException e) {
            throw new StewardException(ErrorCode.MASTER_KEY_INVALID, "the master key file cannot be read or written: "
                    + e.getClass().getSimpleName());
        }
    }

    /** A fresh master key as the base64 text {@code STEWARD_MASTER_KEY} expects. */
    public static String generateForEnvironment() {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get());
            String json = TinkJsonProtoKeysetFormat.serializeKeyset(handle, RegistryConfiguration.get(),
                    InsecureSecretKeyAccess.get());
            return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a key", e);
        }
    }

    /**
     * The first step of a rotation: this key's keys and a new one, not yet the primary, so that nodes still
     * on this key and nodes on the new file read the same keys.
     */
    public MasterKey withNewKey() {
        try {
            return new MasterKey(KeysetHandle.newBuilder(handle).addEntry(KeysetHandle.generateEntryFromParameters(
                    PredefinedAeadParameters.AES256_GCM).withRandomId()).build(), "rotated " + origin);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a key", e);
        }
    }

    /** The second step: the key added last becomes the primary; new keys are wrapped by it. */
    public MasterKey newestPrimary() {
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(handle);
            builder.getAt(builder.size() - 1).makePrimary();
            return new MasterKey(builder.build(), "promoted " + origin);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot change the primary key", e);
        }
    }

    /** The last step of a rotation: the primary key alone, the earlier ones dropped. */
    public MasterKey primaryOnly() {
        try {
            KeysetHandle.Entry primary = handle.getPrimary();
            return new MasterKey(KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(primary.getKey())
                    .withFixedId(primary.getId()).makePrimary()).build(), "primary of " + origin);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot copy the primary key", e);
        }
    }

    /** How many keys this master key holds (more than one during a rotation). */
    public int size() {
        return handle.size();
    }

    /** Writes this key as a key file (Tink JSON, mode 0600) at {@code file}, which must not exist yet. */
    public void writeTo(Path file) {
        try {
            write(file, TinkJsonProtoKeysetFormat.serializeKeyset(handle, RegistryConfiguration.get(),
                    InsecureSecretKeyAccess.get()));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "--out", "a file that does not exist yet");
        } catch (IOException | GeneralSecurityException e) {
            throw new StewardException(ErrorCode.MASTER_KEY_INVALID, "the key file cannot be written: "
                    + e.getClass().getSimpleName());
        }
    }

    private static void write(Path file, String json) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, json, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.SYNC);
    }

    @Override
    public Aead aead() {
        return aead;
    }

    /** Where the key came from (the environment variable or the file), for start-up messages. */
    public String origin() {
        return origin;
    }
}
