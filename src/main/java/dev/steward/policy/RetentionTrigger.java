package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The event from which a retention period is counted. */
public enum RetentionTrigger {
    COLLECTED,
    LAST_ACTIVITY,
    ACCOUNT_CLOSED,
    CONSENT_WITHDRAWN,
    REQUEST_COMPLETED;

    /** The spelling used in policy files and JSON. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
