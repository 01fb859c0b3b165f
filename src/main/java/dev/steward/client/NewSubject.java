package dev.steward.client;

import java.time.LocalDate;
import java.util.Map;

/**
 * A subject to register: identities by kind ({@code email}, {@code phone}, {@code account_id},
 * {@code cookie_id}, {@code device_id}), a jurisdiction (a country such as {@code KR} or a section of the
 * policy such as {@code EEA}), and optionally a birth date and the guardian's subject id.
 */
public record NewSubject(Map<String, String> identities, String jurisdiction, Boolean customer, LocalDate birthDate,
                         String guardian) {
    public NewSubject {
        identities = Map.copyOf(identities);
    }

    /** A customer known by one e-mail address. */
    public static NewSubject withEmail(String email, String jurisdiction) {
        return new NewSubject(Map.of("email", email), jurisdiction, true, null, null);
    }
}
