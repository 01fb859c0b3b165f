package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where personal information comes from: given by the person, collected automatically, or from other sources. */
public enum Source {
    PROVIDED,
    AUTOMATIC,
    OTHER;

    /** The spelling used in policy files and JSON. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
