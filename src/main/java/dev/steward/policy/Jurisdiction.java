package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/** A jurisdiction code: ISO country ({@code KR}), region ({@code US-CA}), group ({@code EEA}) or {@code DEFAULT}. Immutable. */
public record Jurisdiction(String value) implements Comparable<Jurisdiction> {
    private static final Pattern SHAPE = Pattern.compile("[A-Z]{2,3}(-[A-Z]{2})?|DEFAULT");

    public Jurisdiction {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a valid Jurisdiction: expected an upper-case code such as KR, US-CA, EEA or DEFAULT");
        }
    }

    public static boolean isValid(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    public static Jurisdiction of(String value) {
        return new Jurisdiction(value);
    }

    public static final Jurisdiction DEFAULT = new Jurisdiction("DEFAULT");

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(Jurisdiction other) {
        return value.compareTo(other.value);
    }
}
