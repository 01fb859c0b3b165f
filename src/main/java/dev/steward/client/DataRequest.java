package dev.steward.client;

import java.time.Instant;
import java.util.Map;

/** A data-subject request in the queue, with its deadline and, once done, its result (no personal values). */
public record DataRequest(String id, String subjectId, String type, String jurisdiction, String language, String status,
                          Instant receivedAt, Instant dueAt, Instant acknowledgeBy, String extendedReason,
                          String deniedReason, Map<String, Object> result, Instant completedAt, boolean duplicate) { }
