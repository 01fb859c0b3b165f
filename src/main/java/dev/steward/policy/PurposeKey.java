package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/** A purpose key such as {@code marketing.interest_based_ads}; dots make a hierarchy. Immutable. */
public record PurposeKey(String value) implements Comparable<PurposeKey> {
    private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    public PurposeKey {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a valid PurposeKey: expected dot-separated lower-case words such as marketing");
        }
    }

    public static boolean isValid(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    public static PurposeKey of(String value) {
        return new PurposeKey(value);
    }

    /** True when this key is {@code other} or one of its descendants ({@code contact.email} is within {@code contact}). */
    public boolean isWithin(PurposeKey other) {
        return value.equals(other.value) || value.startsWith(other.value + ".");
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(PurposeKey other) {
        return value.compareTo(other.value);
    }
}
