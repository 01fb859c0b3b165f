package dev.steward.policy;

import dev.steward.policy.internal.Differ;
import java.util.List;
import java.util.Objects;

/**
 * Compares two policy versions. A change is material when it reduces protection: a new purpose,
 * recipient, country or source for a category, longer retention or deadlines, a right or safeguard
 * removed, consent no longer required, a lower age for children. Everything else (wording, contacts,
 * added rights) is reported as non-material. Stateless and thread-safe.
 */
public final class PolicyDiff {

    /** Every change from {@code before} to {@code after}, in a stable order. */
    public List<PolicyChange> compare(Policy before, Policy after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        return new Differ(before, after).changes();
    }

    public static boolean anyMaterial(List<PolicyChange> changes) {
        return changes.stream().anyMatch(PolicyChange::material);
    }
}
