package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A table generated from the rules inside a jurisdiction's part of the notice. */
public enum NoticeTable {
    /** What is kept, and for how long, after an account is closed. */
    CLOSURE_RETENTION,
    /** CCPA categories collected and disclosed for a business purpose. */
    CCPA_CATEGORIES,
    /** Processors (agents) listed for the jurisdiction. */
    PROCESSORS,
    /** Listed recipients outside the jurisdiction's countries. */
    OVERSEAS_TRANSFERS;

    /** The spelling used in policy files and JSON. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
