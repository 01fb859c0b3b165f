package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;

/** A recipient key such as {@code service_providers.marketo}; dots make a hierarchy. Immutable. */
public record RecipientKey(String value) implements Comparable<RecipientKey> {
    public RecipientKey {
        KeyShape.requireHierarchical(value, "recipient key", "service_providers.marketo");
    }

    public static boolean isValid(String value) {
        return KeyShape.isHierarchical(value);
    }

    public static RecipientKey of(String value) {
        return new RecipientKey(value);
    }

    /** True when this key is {@code other} or one of its descendants. */
    public boolean isWithin(RecipientKey other) {
        return KeyShape.isWithin(value, other.value);
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
