package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;

/** A data-category key such as {@code contact.email}; dots make a hierarchy ({@code contact.email} is within {@code contact}). Immutable. */
public record CategoryKey(String value) implements Comparable<CategoryKey> {
    public CategoryKey {
        KeyShape.requireHierarchical(value, "category key", "contact.email");
    }

    public static boolean isValid(String value) {
        return KeyShape.isHierarchical(value);
    }

    public static CategoryKey of(String value) {
        return new CategoryKey(value);
    }

    /** True when this key is {@code other} or one of its descendants. */
    public boolean isWithin(CategoryKey other) {
        return KeyShape.isWithin(value, other.value);
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
