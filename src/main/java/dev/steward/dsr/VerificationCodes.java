package dev.steward.dsr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * One-time codes for identity verification: six random digits, stored only as a salted SHA-256 hash
 * and compared in constant time. Thread-safe.
 */
final class VerificationCodes {
    static final int MAX_ATTEMPTS = 5;
    /** The denial reason of a request ended by too many wrong codes. */
    static final String LOCKED = "verification_locked";
    /** New requests one identifier may start in a day (a locked request does not block, this limits abuse). */
    static final int MAX_NEW_PER_DAY = 10;
    static final long VALID_SECONDS = 600;
    private static final SecureRandom RANDOM = new SecureRandom();

    private VerificationCodes() { }

    static String newCode() {
        return String.format("%06d", RANDOM.nextInt(1_000_000));
    }

    static String newSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return HexFormat.of().formatHex(salt);
    }

    static String hash(String salt, String code) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(HexFormat.of().parseHex(salt));
            return HexFormat.of().formatHex(sha.digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Constant-time comparison of a submitted code with the stored hash. */
    static boolean matches(String salt, String storedHash, String code) {
        String candidate = hash(salt, code == null ? "" : code);
        return MessageDigest.isEqual(candidate.getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
