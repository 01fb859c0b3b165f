package dev.steward.consent;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** How a choice was made: cookie banner, a form, the API, a Global Privacy Control signal, a guardian, or a request. */
public enum ChoiceMethod {
    BANNER, FORM, API, GPC, GUARDIAN, REQUEST;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ChoiceMethod> parse(String text) {
        for (ChoiceMethod method : values()) {
            if (method.key().equals(text)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }
}
