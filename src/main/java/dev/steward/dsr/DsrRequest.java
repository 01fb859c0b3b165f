package dev.steward.dsr;

import java.util.Map;

/**
 * A data-subject request as operators see it: ids, type, jurisdiction, status, deadlines and the
 * result (ids, categories and counts; never a personal value). {@code subjectId} is null when no
 * subject matched the identity. Immutable.
 */
public record DsrRequest(String id, String subjectId, RequestType type, String jurisdiction, String language,
                         RequestStatus status, String receivedAt, String dueAt, String acknowledgeBy,
                         String extendedReason, String deniedReason, Map<String, Object> result, String completedAt,
                         boolean duplicate) {
    public DsrRequest {
        result = result == null ? Map.of() : Map.copyOf(result);
    }

    public DsrRequest asDuplicate() {
        return new DsrRequest(id, subjectId, type, jurisdiction, language, status, receivedAt, dueAt, acknowledgeBy,
                extendedReason, deniedReason, result, completedAt, true);
    }
}
