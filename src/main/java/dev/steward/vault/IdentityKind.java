package dev.steward.vault;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** A kind of identifier that resolves to a subject. */
public enum IdentityKind {
    EMAIL, PHONE, ACCOUNT_ID, COOKIE_ID, DEVICE_ID;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<IdentityKind> parse(String text) {
        for (IdentityKind kind : values()) {
            if (kind.key().equals(text)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
