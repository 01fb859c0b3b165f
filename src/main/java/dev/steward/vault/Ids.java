package dev.steward.vault;

import java.security.SecureRandom;
import java.util.Base64;

/** Opaque random identifiers: nothing personal can be read from them. Thread-safe. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() { }

    static String next(String prefix) {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
