package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;

/** A purpose key such as {@code marketing.interest_based_ads}; dots make a hierarchy. Immutable. */
public record PurposeKey(String value) implements Comparable<PurposeKey> {
    public PurposeKey {
        KeyShape.requireHierarchical(value, "purpose key", "marketing.interest_based_ads");
    }

    public static boolean isValid(String value) {
        return KeyShape.isHierarchical(value);
    }

    public static PurposeKey of(String value) {
        return new PurposeKey(value);
    }

    /** True when this key is {@code other} or one of its descendants. */
    public boolean isWithin(PurposeKey other) {
        return KeyShape.isWithin(value, other.value);
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
