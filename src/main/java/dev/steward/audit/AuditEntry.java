package dev.steward.audit;

/** One stored audit entry with its place in the hash chain. Immutable. */
public record AuditEntry(long seq, String at, String actor, String action, String subjectId, String purpose,
                         String outcome, String detail, String prevHash, String hash) { }
