package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The role a contact plays for a jurisdiction. */
public enum ContactRole {
    CONTROLLER,
    DPO,
    REPRESENTATIVE,
    DOMESTIC_AGENT,
    PRIVACY_CONTACT,
    REQUESTS_POSTAL,
    AUTHORITY;

    /** The spelling used in policy files and JSON. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
