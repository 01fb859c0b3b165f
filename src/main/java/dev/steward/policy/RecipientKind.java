package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a recipient receives personal information, following the sharing section of the policy. */
public enum RecipientKind {
    AFFILIATE,
    SERVICE_PROVIDER,
    THIRD_PARTY_TRANSACTION,
    BUSINESS_TRANSFER,
    LEGAL_PROTECTION;

    /** The spelling used in policy files and JSON. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
