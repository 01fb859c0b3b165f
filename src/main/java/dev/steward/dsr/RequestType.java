package dev.steward.dsr;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.steward.policy.Right;
import java.util.Locale;
import java.util.Optional;

/** What a data subject asks for; each is a {@link Right} a jurisdiction may or may not offer. */
public enum RequestType {
    ACCESS, COPY, RECTIFY, ERASE, RESTRICT, OBJECT, WITHDRAW_CONSENT, OPT_OUT_SALE, LIMIT_SENSITIVE, CONFIRM;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Right right() {
        return Right.valueOf(name());
    }

    /** Opt-outs need no identity verification (CCPA regulations); everything else does. */
    public boolean needsVerification() {
        return this != OPT_OUT_SALE && this != LIMIT_SENSITIVE;
    }

    public static Optional<RequestType> parse(String text) {
        for (RequestType type : values()) {
            if (type.key().equals(text)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
