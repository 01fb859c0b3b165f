package dev.steward.policy;

import java.util.Set;

/**
 * The policy-wide children's rule: below {@code guardianRequiredUnder} a person may take part only with
 * a parent or guardian, and the listed purposes (purchases) are not offered to children. Immutable.
 */
public record ChildrenRules(int guardianRequiredUnder, Set<PurposeKey> notOfferedToChildren, LocalizedText text) {
    public ChildrenRules {
        notOfferedToChildren = Set.copyOf(notOfferedToChildren);
    }
}
