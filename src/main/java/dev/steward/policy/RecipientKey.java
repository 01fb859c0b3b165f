package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/** A recipient key such as {@code service_providers.marketo}; dots make a hierarchy. Immutable. */
public record RecipientKey(String value) implements Comparable<RecipientKey> {
    private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    public RecipientKey {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a valid RecipientKey: expected dot-separated lower-case words such as service_providers.marketo");
        }
    }

    public static boolean isValid(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    public static RecipientKey of(String value) {
        return new RecipientKey(value);
    }

    /** True when this key is {@code other} or one of its descendants ({@code contact.email} is within {@code contact}). */
    public boolean isWithin(RecipientKey other) {
        return value.equals(other.value) || value.startsWith(other.value + ".");
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(RecipientKey other) {
        return value.compareTo(other.value);
    }
}
