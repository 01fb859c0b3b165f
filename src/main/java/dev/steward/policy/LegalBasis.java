package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A lawful ground for processing personal information for a purpose. */
public enum LegalBasis {
    CONTRACT,
    LEGITIMATE_INTEREST,
    LEGAL_OBLIGATION,
    CONSENT;

    /** The spelling used in policy files and JSON. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
