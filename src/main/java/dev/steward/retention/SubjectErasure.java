package dev.steward.retention;

import dev.steward.connect.Connector;
import dev.steward.vault.Erasure;
import dev.steward.vault.IdentityKind;
import dev.steward.vault.LegalHolds;
import dev.steward.vault.Subjects;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one deleter of a person, whatever asked for it — an erasure request, the purge at the end of a
 * closed account's grace period: every external store and processor first (legal holds on the person
 * reach them too), each in its own transaction, then the vault, whose erasure writes the journal line and
 * the result a certificate is signed from. A store that cannot be reached throws {@code
 * connector_unavailable} before the vault is touched, so the deletion can be run again with nothing lost
 * and nothing half done in the vault. Thread-safe.
 */
public final class SubjectErasure {
    private final Erasure erasure;
    private final LegalHolds holds;
    private final Subjects subjects;
    private final List<Connector> connectors;

    public SubjectErasure(Erasure erasure, LegalHolds holds, Subjects subjects, List<Connector> connectors) {
        this.erasure = erasure;
        this.holds = holds;
        this.subjects = subjects;
        this.connectors = List.copyOf(connectors);
    }

    /** What was erased in the vault and in each store, and what holds keep. */
    public record Outcome(Erasure.Result vault, Map<String, Connector.Erased> external) {
        public Outcome {
            external = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(external));
        }

        /** True when nothing was kept anywhere. */
        public boolean whole() {
            return vault.retained().isEmpty() && external.values().stream().allMatch(erased -> erased.retained()
                    .isEmpty());
        }
    }

    /** What {@link #eraseAll} erased, by subject, and the subjects left as they were because a store was down. */
    public record Batch(Map<String, Outcome> erased, List<String> deferred) {
        public Batch {
            erased = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(erased));
            deferred = List.copyOf(deferred);
        }
    }

    /**
     * Erases many subjects as {@link #erase} does each: every store first, subject by subject, then the vault
     * for all of them in one transaction. A subject whose store cannot be reached is left untouched in the
     * vault and named in {@link Batch#deferred()}.
     */
    public Batch eraseAll(String actor, List<String> subjectIds) {
        Map<String, Map<String, Connector.Erased>> external = new LinkedHashMap<>();
        List<String> deferred = new java.util.ArrayList<>();
        for (String subjectId : subjectIds) {
            try {
                external.put(subjectId, eraseExternal(subjectId));
            } catch (dev.steward.error.StewardException e) {
                if (e.code() != dev.steward.error.ErrorCode.CONNECTOR_UNAVAILABLE) {
                    throw e;
                }
                deferred.add(subjectId);
            }
        }
        Map<String, Outcome> erased = new LinkedHashMap<>();
        erasure.eraseAll(actor, List.copyOf(external.keySet())).forEach((subjectId, vault) ->
                erased.put(subjectId, new Outcome(vault, external.get(subjectId))));
        return new Batch(erased, deferred);
    }

    public Outcome erase(String actor, String subjectId) {
        Map<String, Connector.Erased> external = eraseExternal(subjectId);
        return new Outcome(erasure.erase(actor, subjectId), external);
    }

    private Map<String, Connector.Erased> eraseExternal(String subjectId) {
        if (connectors.isEmpty()) {
            return Map.of();
        }
        List<Connector.Held> held = holds.list(subjectId).stream().filter(hold -> hold.releasedAt() == null)
                .map(hold -> new Connector.Held(hold.reason(), java.util.Set.copyOf(hold.categories()))).toList();
        Map<String, Connector.Erased> external = new LinkedHashMap<>();
        for (Connector connector : connectors) {
            Optional<String> identity = IdentityKind.parse(connector.identityKind())
                    .flatMap(kind -> subjects.identity(subjectId, kind));
            if (identity.isPresent()) {
                external.put(connector.name(), connector.erase(identity.get(), held));
            }
        }
        return external;
    }
}
