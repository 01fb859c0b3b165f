package dev.steward.vault;

import dev.steward.policy.Jurisdiction;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/** A subject to register; {@code birthDate} and {@code guardianId} may be null. Immutable. */
public record NewSubject(Map<IdentityKind, String> identities, Jurisdiction jurisdiction, LocalDate birthDate,
                         String guardianId, boolean customer) {
    public NewSubject {
        identities = Map.copyOf(identities);
        Objects.requireNonNull(jurisdiction, "jurisdiction");
    }

    @Override
    public String toString() {
        return "NewSubject[identities=" + identities.keySet() + ", jurisdiction=" + jurisdiction + "]";
    }
}
