package dev.steward.vault;

import java.util.List;

/** What the API shows of a subject: ids, state and the kinds of identities it has, never their values. Immutable. */
public record SubjectView(String id, String jurisdiction, boolean customer, String status, String guardian,
                          boolean hasBirthDate, List<IdentityKind> identities, String policyVersion,
                          String createdAt) {
    public SubjectView {
        identities = List.copyOf(identities);
    }
}
