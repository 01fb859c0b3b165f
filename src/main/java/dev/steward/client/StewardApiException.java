package dev.steward.client;

import java.util.Map;

/**
 * An error answer of the Steward API: the HTTP status, the stable code ({@code unknown_subject},
 * {@code collection_refused} …) and the message. Codes never change once released; branch on them.
 */
public class StewardApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, Object> details;

    public StewardApiException(int status, String code, String message, Map<String, Object> details) {
        super(code + ": " + message);
        this.status = status;
        this.code = code;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Extra facts some errors carry (for instance the reasons of a refused collection); never a personal value. */
    public Map<String, Object> details() {
        return details;
    }
}
