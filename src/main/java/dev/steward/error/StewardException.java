package dev.steward.error;

import java.util.Map;
import java.util.Objects;

/**
 * The one unchecked base of every error Steward raises on purpose. Carries an {@link ErrorCode} and
 * optional structured details; the message never contains personal data.
 */
public class StewardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Map<String, Object> details;

    public StewardException(ErrorCode code, Object... args) {
        this(code, Map.of(), args);
    }

    public StewardException(ErrorCode code, Map<String, Object> details, Object... args) {
        super(Objects.requireNonNull(code, "code").format(args));
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
