package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a cookie is for; only {@code essential} cookies are set without a choice. */
public enum CookieCategory {
    ESSENTIAL,
    PERFORMANCE,
    FUNCTIONAL,
    ADVERTISING;

    /** The spelling used in policy files and JSON. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
