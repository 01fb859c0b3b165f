package dev.steward.vault;

import java.security.SecureRandom;
import java.util.Base64;

/** Opaque random identifiers: nothing personal can be read from them. Thread-safe. */
final class Ids {
    /** One generator per thread: a shared SecureRandom serialises every caller and reads /dev/urandom each time. */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Ids::generator);

    private Ids() { }

    static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** Random bytes from this thread's generator. */
    static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.get().nextBytes(bytes);
        return bytes;
    }

    static String next(String prefix) {
        byte[] bytes = new byte[15];
        RANDOM.get().nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
