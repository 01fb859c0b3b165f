package dev.steward.vault;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import java.util.Base64;
import java.util.Set;

/**
 * Card numbers under PCI DSS: the full number (PAN) is checked (Luhn) and then dropped; what is kept
 * is a random token and the number truncated to at most its first six and last four digits
 * (Req 3.4.1). Security codes are refused outright, whatever they are called (Req 3.3.1). Thread-safe.
 */
public final class CardNumbers {
    /** Field names that carry sensitive authentication data and are never accepted. */
    public static final Set<String> FORBIDDEN_FIELDS = Set.of("cvv", "cvc", "cvv2", "cvc2", "cid", "csc",
            "security_code", "card_verification", "card_verification_value", "pin", "pin_block", "track",
            "track_data", "magnetic_stripe");

    private CardNumbers() { }

    /** The stored form of a card: {@code {"token","masked"}} as JSON text. */
    public static String tokenize(String raw) {
        String digits = raw == null ? "" : raw.replaceAll("[ -]", "");
        if (!digits.matches("\\d{12,19}") || !luhn(digits)) {
            throw new StewardException(ErrorCode.INVALID_VALUE, "card number");
        }
        byte[] bytes = Ids.bytes(16);
        String token = "tok_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return "{\"token\":\"" + token + "\",\"masked\":\"" + mask(digits) + "\"}";
    }

    /** First six and last four digits, the rest replaced by {@code *}. */
    static String mask(String digits) {
        int hidden = digits.length() - 10;
        return digits.substring(0, 6) + "*".repeat(hidden) + digits.substring(digits.length() - 4);
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (twice) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** Refuses a field name that would carry a security code, PIN or track data. */
    public static void refuseSensitiveField(String name) {
        if (FORBIDDEN_FIELDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new StewardException(ErrorCode.SENSITIVE_AUTHENTICATION_DATA, name);
        }
    }
}
