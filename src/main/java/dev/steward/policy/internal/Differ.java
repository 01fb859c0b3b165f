package dev.steward.policy.internal;

import dev.steward.policy.DataCategory;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.LegalBasis;
import dev.steward.policy.LocalizedText;
import dev.steward.policy.Policy;
import dev.steward.policy.PolicyChange;
import dev.steward.policy.Purpose;
import dev.steward.policy.Recipient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Walks two policies side by side and records each {@link PolicyChange}: categories, purposes and
 * recipients here, the remaining rules in {@link RuleDiffer}. Not thread-safe; one per comparison.
 */
public final class Differ {
    private final Policy before;
    private final Policy after;
    private final List<PolicyChange> changes = new ArrayList<>();

    public Differ(Policy before, Policy after) {
        this.before = before;
        this.after = after;
    }

    public List<PolicyChange> changes() {
        meta();
        keyed("categories", before.categories(), after.categories(), true, false, this::category);
        keyed("purposes", before.purposes(), after.purposes(), true, false, this::purpose);
        keyed("recipients", before.recipients(), after.recipients(), true, false, this::recipient);
        new RuleDiffer(before, after, this).compare();
        return List.copyOf(changes);
    }

    void add(String path, String description, boolean material) {
        changes.add(new PolicyChange(path, description, material));
    }

    /** Reports added and removed keys with the given materiality and compares those in both. */
    <K, V> void keyed(String path, Map<K, V> old, Map<K, V> now, boolean addedIsMaterial, boolean removedIsMaterial,
                      BiConsumer<V, V> compareBoth) {
        for (Map.Entry<K, V> entry : old.entrySet()) {
            V newer = now.get(entry.getKey());
            if (newer == null) {
                add(path + "." + entry.getKey(), "removed", removedIsMaterial);
            } else {
                compareBoth.accept(entry.getValue(), newer);
            }
        }
        for (K key : now.keySet()) {
            if (!old.containsKey(key)) {
                add(path + "." + key, "added", addedIsMaterial);
            }
        }
    }

    /** Reports each element added to (material when {@code growthIsMaterial}) or removed from a set. */
    <T> void set(String path, Collection<T> old, Collection<T> now, boolean growthIsMaterial, String why) {
        Set<String> added = new TreeSet<>();
        Set<String> removed = new TreeSet<>();
        now.stream().filter(item -> !old.contains(item)).forEach(item -> added.add(String.valueOf(item)));
        old.stream().filter(item -> !now.contains(item)).forEach(item -> removed.add(String.valueOf(item)));
        added.forEach(item -> add(path, "+ " + item + (why.isEmpty() ? "" : " (" + why + ")"), growthIsMaterial));
        removed.forEach(item -> add(path, "- " + item, !growthIsMaterial));
    }

    void text(String path, LocalizedText old, LocalizedText now) {
        if (!Objects.equals(old, now)) {
            add(path, "text changed", false);
        }
    }

    void value(String path, Object old, Object now, boolean material) {
        if (!Objects.equals(old, now)) {
            add(path, old + " -> " + now, material);
        }
    }

    private void meta() {
        value("policy.version", before.meta().version(), after.meta().version(), false);
        value("policy.effective", before.meta().effective(), after.meta().effective(), false);
        value("policy.last_updated", before.meta().lastUpdated(), after.meta().lastUpdated(), false);
        text("policy.title", before.meta().title(), after.meta().title());
        text("policy.preamble", before.meta().preamble(), after.meta().preamble());
        set("policy.languages", before.meta().languages(), after.meta().languages(), false, "");
    }

    private void category(DataCategory old, DataCategory now) {
        String path = "categories." + old.key();
        set(path + ".sources", old.sources(), now.sources(), true, "collected from a new source");
        if (now.sensitivity().ordinal() < old.sensitivity().ordinal()) {
            add(path + ".sensitivity", old.sensitivity().key() + " -> " + now.sensitivity().key()
                    + " (treated as less sensitive)", true);
        } else {
            value(path + ".sensitivity", old.sensitivity().key(), now.sensitivity().key(), false);
        }
        value(path + ".ccpa", old.ccpaCategory(), now.ccpaCategory(), false);
        text(path + ".title", old.title(), now.title());
        text(path + ".examples", old.examples(), now.examples());
    }

    private void purpose(Purpose old, Purpose now) {
        String path = "purposes." + old.key();
        set(path + ".categories", old.categories(), now.categories(), true, "a new use of this category");
        for (Jurisdiction jurisdiction : union(old.bases().keySet(), now.bases().keySet())) {
            basis(path + ".basis." + jurisdiction, old.bases().get(jurisdiction), now.bases().get(jurisdiction));
        }
        if (old.optOut() && !now.optOut()) {
            add(path + ".opt_out", "true -> false (people can no longer say no)", true);
        } else {
            value(path + ".opt_out", old.optOut(), now.optOut(), false);
        }
        value(path + ".sale", old.sale(), now.sale(), now.sale());
        value(path + ".sharing", old.sharing(), now.sharing(), now.sharing());
        text(path + ".title", old.title(), now.title());
        text(path + ".text", old.text(), now.text());
    }

    private void basis(String path, LegalBasis old, LegalBasis now) {
        if (Objects.equals(old, now)) {
            return;
        }
        if (old == null) {
            add(path, "added " + now.key() + " (the purpose now applies here)", true);
        } else if (now == null) {
            add(path, "removed " + old.key(), old == LegalBasis.CONSENT);
        } else if (now == LegalBasis.CONSENT) {
            add(path, old.key() + " -> consent (stricter)", false);
        } else {
            add(path, old.key() + " -> " + now.key() + (old == LegalBasis.CONSENT ? " (consent no longer required)"
                    : ""), true);
        }
    }

    private void recipient(Recipient old, Recipient now) {
        String path = "recipients." + old.key();
        set(path + ".categories", old.categories(), now.categories(), true, "a new recipient for this category");
        set(path + ".purposes", old.purposes(), now.purposes(), true, "the recipient may use data for a new purpose");
        value(path + ".country", old.country(), now.country(), true);
        value(path + ".kind", key(old.kind()), key(now.kind()), true);
        for (Jurisdiction jurisdiction : union(old.transfer().mechanisms().keySet(),
                now.transfer().mechanisms().keySet())) {
            var was = old.transfer().mechanisms().get(jurisdiction);
            var is = now.transfer().mechanisms().get(jurisdiction);
            value(path + ".transfer.mechanisms." + jurisdiction, was == null ? null : was.key(),
                    is == null ? null : is.key(), was != null);
        }
        value(path + ".name", old.name(), now.name(), false);
        value(path + ".contact", old.contact(), now.contact(), false);
        set(path + ".listed_in", old.listedIn(), now.listedIn(), false, "");
        text(path + ".text", old.text(), now.text());
        text(path + ".activity", old.activity(), now.activity());
        text(path + ".transfer.method", old.transfer().method(), now.transfer().method());
    }

    private static String key(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }

    static <T extends Comparable<T>> Set<T> union(Collection<T> a, Collection<T> b) {
        Set<T> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
