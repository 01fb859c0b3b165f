package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A data-subject right that a jurisdiction offers; the first ten are also request types. */
public enum Right {
    ACCESS,
    COPY,
    RECTIFY,
    ERASE,
    RESTRICT,
    OBJECT,
    WITHDRAW_CONSENT,
    OPT_OUT_SALE,
    LIMIT_SENSITIVE,
    CONFIRM,
    COMPLAIN,
    CONSENT_REFUSAL_INFO,
    NON_DISCRIMINATION;

    /** The spelling used in policy files and JSON. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
