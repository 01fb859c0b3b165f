package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/** A data-category key such as {@code contact.email}; dots make a hierarchy. Immutable. */
public record CategoryKey(String value) implements Comparable<CategoryKey> {
    private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    public CategoryKey {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a valid CategoryKey: expected dot-separated lower-case words such as contact.email");
        }
    }

    public static boolean isValid(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    public static CategoryKey of(String value) {
        return new CategoryKey(value);
    }

    /** True when this key is {@code other} or one of its descendants ({@code contact.email} is within {@code contact}). */
    public boolean isWithin(CategoryKey other) {
        return value.equals(other.value) || value.startsWith(other.value + ".");
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(CategoryKey other) {
        return value.compareTo(other.value);
    }
}
