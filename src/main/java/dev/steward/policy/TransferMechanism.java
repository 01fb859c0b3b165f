package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The safeguard that makes a cross-border transfer lawful. */
public enum TransferMechanism {
    ADEQUACY,
    SCC,
    BCR,
    CONTRACT,
    CONSENT,
    DISCLOSED_IN_POLICY,
    CERTIFICATION,
    STATUTE,
    INTRAGROUP_AGREEMENT;

    /** The spelling used in policy files and JSON. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
