package dev.steward.changes;

import java.time.Instant;

/**
 * One change that caches and applications depend on. {@code kind} is one of {@link #KINDS}; {@code name}
 * and {@code value} say what changed without any personal value (a choice's name and its new setting, a
 * hold's id, a policy version). {@code cursor} is null for a change not yet read back from the log.
 */
public record Change(String cursor, Instant at, String node, String kind, String subjectId, String name, String value) {
    public static final String CONSENT = "consent";
    public static final String PREFERENCE = "preference";
    public static final String RESTRICTION = "restriction";
    public static final String ACCOUNT = "account";
    public static final String ERASURE = "erasure";
    public static final String HOLD = "hold";
    public static final String POLICY = "policy";
    public static final java.util.List<String> KINDS = java.util.List.of(CONSENT, PREFERENCE, RESTRICTION, ACCOUNT,
            ERASURE, HOLD, POLICY);

    /** Whether the change touches every subject (a policy activation) rather than one. */
    public boolean everyone() {
        return subjectId == null;
    }

    /** The subject id, or {@code "*"} for a change to every subject (as cache invalidation takes it). */
    public String scope() {
        return subjectId == null ? "*" : subjectId;
    }

    /** The kind of change a choice of this name is: consents, restrictions and objections, or other preferences. */
    public static String ofChoice(String name) {
        if (name.startsWith("consent.") || name.startsWith("transfer.") || name.equals("guardian_consent")) {
            return CONSENT;
        }
        if (name.equals("restrict") || name.startsWith("object.")) {
            return RESTRICTION;
        }
        return PREFERENCE;
    }

    /**
     * The change as applications see it (the change feed's event and the Kafka message): cursor, time,
     * kind, opaque subject id, and the choice name and state — never a personal value.
     */
    public java.util.Map<String, Object> event() {
        java.util.Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("cursor", cursor);
        event.put("at", at.toString());
        event.put("kind", kind);
        event.put("subject", subjectId);
        event.put("name", name);
        event.put("value", value);
        return event;
    }
}
