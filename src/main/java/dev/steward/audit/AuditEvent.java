package dev.steward.audit;

import java.util.Map;
import java.util.Objects;

/**
 * Something to record: who ({@code actor}, an API key id or {@code system}), what, about which
 * subject, for which purpose, with what outcome. {@code detail} holds ids, categories and counts,
 * never a personal value. Immutable.
 */
public record AuditEvent(String actor, String action, String subjectId, String purpose, String outcome,
                         Map<String, Object> detail) {
    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        detail = Map.copyOf(detail);
    }

    public static AuditEvent of(String actor, String action, String subjectId, String outcome,
                                Map<String, Object> detail) {
        return new AuditEvent(actor, action, subjectId, null, outcome, detail);
    }
}
