package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Text in several languages, keyed by BCP 47 tag ({@code zh-CN}, {@code en}). Immutable. */
public record LocalizedText(Map<String, String> byLanguage) {
    public static final LocalizedText EMPTY = new LocalizedText(Map.of());

    public LocalizedText {
        byLanguage = Map.copyOf(Objects.requireNonNull(byLanguage, "byLanguage"));
    }

    /** The text in {@code language}, or in English, or empty when neither exists. */
    public String in(String language) {
        String text = byLanguage.get(language);
        if (text == null) {
            text = byLanguage.getOrDefault("en", "");
        }
        return text;
    }

    public boolean isEmpty() {
        return byLanguage.isEmpty();
    }

    @JsonValue
    public Map<String, String> json() {
        return new TreeMap<>(byLanguage);
    }
}
