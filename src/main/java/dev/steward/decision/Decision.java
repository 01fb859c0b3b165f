package dev.steward.decision;

/**
 * An answer with its reason (a stable code such as {@code purpose_not_declared}) and the legal basis
 * it rests on (empty when refused). Immutable.
 */
public record Decision(boolean allowed, String reason, String basis) {
    public static Decision allow(String reason, String basis) {
        return new Decision(true, reason, basis);
    }

    public static Decision deny(String reason) {
        return new Decision(false, reason, "");
    }
}
