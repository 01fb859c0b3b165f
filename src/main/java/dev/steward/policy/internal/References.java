package dev.steward.policy.internal;

import dev.steward.error.DidYouMean;
import dev.steward.policy.internal.Node.Location;
import dev.steward.policy.internal.Node.ScalarNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The keys a policy declares (categories, purposes, recipients, jurisdictions, holds, CCPA
 * categories) with where each was declared, and resolution of references to them. A reference to a
 * parent key ({@code contact}) stands for every declared key below it. Not thread-safe; one per load.
 */
public final class References {
    final Map<String, Location> categories = new LinkedHashMap<>();
    final Map<String, Location> purposes = new LinkedHashMap<>();
    final Map<String, Location> recipients = new LinkedHashMap<>();
    final Map<String, Location> jurisdictions = new LinkedHashMap<>();
    final Map<String, Location> holds = new LinkedHashMap<>();
    final Map<String, Location> ccpa = new LinkedHashMap<>();
    /** Where prose that states a rule's figures is ({@code retention.ID}, {@code section.ID}, {@code children}). */
    final Map<String, Location> texts = new LinkedHashMap<>();

    /** Resolves hierarchical references ("*" means all) to declared keys; reports the unknown ones. */
    <K extends Comparable<K>> Set<K> resolve(Fields fields, String field, Map<String, Location> declared, String kind,
                                             Function<String, K> factory) {
        Set<K> resolved = new TreeSet<>();
        for (ScalarNode item : fields.scalarList(field)) {
            resolveOne(fields, field, item, declared, kind, factory, resolved);
        }
        return resolved;
    }

    private <K extends Comparable<K>> void resolveOne(Fields fields, String field, ScalarNode item,
                                                      Map<String, Location> declared, String kind,
                                                      Function<String, K> factory, Set<K> into) {
        String reference = item.text();
        boolean matched = false;
        for (String key : declared.keySet()) {
            if (reference.equals("*") || key.equals(reference) || key.startsWith(reference + ".")) {
                into.add(factory.apply(key));
                matched = true;
            }
        }
        if (!matched) {
            fields.problems().add(item.location(), "UNKNOWN_REFERENCE", "'" + fields.qualified(field) + "' refers to "
                    + kind + " '" + reference + "', which is not declared" + DidYouMean.hint(reference, declared.keySet()));
        }
    }

    /** Checks a single reference to an exact declared key; returns it or null after reporting. */
    String exact(Fields fields, String field, Map<String, Location> declared, String kind) {
        String reference = fields.string(field);
        if (reference.isEmpty()) {
            return null;
        }
        if (!declared.containsKey(reference)) {
            fields.problems().add(fields.locationOf(field), "UNKNOWN_REFERENCE", "'" + fields.qualified(field)
                    + "' refers to " + kind + " '" + reference + "', which is not declared"
                    + DidYouMean.hint(reference, declared.keySet()));
            return null;
        }
        return reference;
    }
}
