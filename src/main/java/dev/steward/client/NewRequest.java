package dev.steward.client;

import java.util.Map;

/**
 * A data-subject request: its type ({@code access}, {@code copy}, {@code rectify}, {@code erase},
 * {@code opt_out_sale} …), the requester's identity by kind, and their jurisdiction.
 */
public record NewRequest(String type, Map<String, String> identity, String jurisdiction, String language,
                         Map<String, Object> details) {
    public NewRequest {
        identity = Map.copyOf(identity);
        details = details == null ? null : Map.copyOf(details);
    }

    public static NewRequest byEmail(String type, String email, String jurisdiction) {
        return new NewRequest(type, Map.of("email", email), jurisdiction, null, null);
    }
}
