package dev.steward.vault;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Brings identifiers to one spelling before they are indexed, so that {@code Alice@Example.com } and
 * {@code alice@example.com} find the same subject: e-mail addresses trimmed, NFC-normalised and
 * lower-cased; phone numbers parsed with libphonenumber and written in E.164. Error messages never
 * repeat the value. Stateless and thread-safe.
 */
public final class Identities {
    /**
     * An address as people type it, internationalised ones included (RFC 6531: any letter in the local
     * part and domain); never characters that could end or split a mail header or an address list.
     */
    private static final String ADDRESS_CHAR = "[^@\\s<>()\\[\\],;:\\\\\"]";
    private static final Pattern EMAIL = Pattern.compile(ADDRESS_CHAR + "{1,64}@" + ADDRESS_CHAR + "+\\."
            + "(?:(?!\\.)" + ADDRESS_CHAR + "){2,}");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private Identities() { }

    /** The normalised value; {@code region} (ISO country) reads numbers written without +country code. */
    public static String normalize(IdentityKind kind, String raw, String region) {
        String value = Normalizer.normalize(raw == null ? "" : raw, Normalizer.Form.NFC).strip();
        if (value.isEmpty() || value.length() > 320 || hasControl(value)) {
            throw new StewardException(ErrorCode.INVALID_VALUE, kind.key());
        }
        return switch (kind) {
            case EMAIL -> email(value);
            case PHONE -> phone(value, region);
            default -> value;
        };
    }

    /** Control and format characters (CR, LF, NUL, bidi overrides…) belong in no identifier. */
    private static boolean hasControl(String value) {
        return value.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
                || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
    }

    static String email(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(lower).matches()) {
            throw new StewardException(ErrorCode.INVALID_VALUE, "e-mail address");
        }
        return lower;
    }

    static String phone(String value, String region) {
        try {
            PhoneNumber number = PHONES.parse(value, region == null || region.isEmpty() ? "ZZ" : region);
            if (!PHONES.isValidNumber(number)) {
                throw new StewardException(ErrorCode.INVALID_VALUE, "phone number");
            }
            return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw new StewardException(ErrorCode.INVALID_VALUE, "phone number (write it as +CC…)");
        }
    }
}
