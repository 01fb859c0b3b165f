package dev.steward.dsr;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Where a request stands. */
public enum RequestStatus {
    RECEIVED, IDENTITY_VERIFIED, IN_PROGRESS, EXTENDED, COMPLETED, PARTIALLY_COMPLETED, DENIED;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isOpen() {
        return this != COMPLETED && this != PARTIALLY_COMPLETED && this != DENIED;
    }

    public static Optional<RequestStatus> parse(String text) {
        for (RequestStatus status : values()) {
            if (status.key().equals(text)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
