package dev.steward.audit;

/**
 * The result of checking the audit chain: {@code valid}, how many entries were checked, and for a
 * broken chain the first bad position ({@code firstBadSeq}) and what is wrong there. Immutable.
 */
public record AuditVerification(boolean valid, long entries, long firstBadSeq, String problem) {
    static AuditVerification ok(long entries) {
        return new AuditVerification(true, entries, 0, "");
    }

    static AuditVerification broken(long entries, long at, String problem) {
        return new AuditVerification(false, entries, at, problem);
    }
}
