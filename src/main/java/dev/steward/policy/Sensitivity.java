package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How much harm misuse of a category could do; {@code sensitive} needs extra care (CCPA sensitive PI, GDPR special categories). */
public enum Sensitivity {
    NORMAL,
    SENSITIVE,
    SPECIAL;

    /** The spelling used in policy files and JSON. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
