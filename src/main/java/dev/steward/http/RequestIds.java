package dev.steward.http;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Request ids for log lines and the {@code X-Request-Id} response header. Always Steward's own: an id a
 * caller sends could carry a personal value into the log.
 */
final class RequestIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() { }

    static String next() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
