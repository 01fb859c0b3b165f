package dev.steward.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/** The shape shared by hierarchical keys ({@code contact.email}) and the parent-child test on them. Stateless. */
final class KeyShape {
    private static final Pattern HIERARCHICAL = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    private KeyShape() { }

    static boolean isHierarchical(String value) {
        return value != null && HIERARCHICAL.matcher(value).matches();
    }

    /** Returns {@code value} when it is a valid hierarchical key; otherwise says what a {@code kind} looks like. */
    static String requireHierarchical(String value, String kind, String example) {
        Objects.requireNonNull(value, "value");
        if (!isHierarchical(value)) {
            throw new IllegalArgumentException("'" + value + "' is not a valid " + kind
                    + ": expected dot-separated lower-case words such as " + example);
        }
        return value;
    }

    /** True when {@code key} is {@code ancestor} or lies below it. */
    static boolean isWithin(String key, String ancestor) {
        return key.equals(ancestor) || key.startsWith(ancestor + ".");
    }
}
