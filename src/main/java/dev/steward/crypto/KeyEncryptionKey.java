package dev.steward.crypto;

import com.google.crypto.tink.Aead;

/**
 * What wraps Steward's stored keysets. {@link MasterKey} is the built-in one; a KMS-backed
 * implementation returns the KMS's remote AEAD so that the master key never leaves the KMS.
 */
public interface KeyEncryptionKey {
    Aead aead();
}
