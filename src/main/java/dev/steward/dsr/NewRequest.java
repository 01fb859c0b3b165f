package dev.steward.dsr;

import dev.steward.policy.Jurisdiction;
import dev.steward.vault.IdentityKind;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A request as submitted: type, the identifier the requester gives, jurisdiction, when it was
 * received (null: now; set when importing), language of the answer, and type-specific details
 * ({@code purpose} for object and withdraw_consent; {@code record} and {@code value} for rectify).
 * Immutable.
 */
public record NewRequest(RequestType type, IdentityKind identityKind, String identity, Jurisdiction jurisdiction,
                         Instant receivedAt, String language, Map<String, String> details) {
    public NewRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(identityKind, "identityKind");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        details = Map.copyOf(details);
    }

    @Override
    public String toString() {
        return "NewRequest[type=" + type + ", jurisdiction=" + jurisdiction + "]";
    }
}
