package dev.steward.consent;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.Policy;
import dev.steward.policy.PurposeKey;
import java.util.Set;

/**
 * The names a choice can have and the values each takes. Purposes in names must be declared by the
 * policy. Stateless.
 */
public final class ChoiceNames {
    public static final String SALE_SHARING = "opt_out.sale_sharing";
    public static final String INTEREST_BASED_ADS = "opt_out.interest_based_ads";
    public static final String LIMIT_SENSITIVE = "limit.sensitive";
    public static final String RESTRICT = "restrict";
    public static final String GUARDIAN_CONSENT = "guardian_consent";
    public static final Set<String> CHANNELS = Set.of("email", "phone", "in_app");
    private static final Set<String> FLAGS = Set.of("true", "false");
    private static final Set<String> CONSENT = Set.of("granted", "withdrawn");
    private static final Set<String> SWITCH = Set.of("on", "off");

    private ChoiceNames() { }

    public static String consent(PurposeKey purpose) {
        return "consent." + purpose.value();
    }

    public static String objection(PurposeKey purpose) {
        return "object." + purpose.value();
    }

    public static String channel(PurposeKey purpose, String channel) {
        return "channel." + purpose.value() + "." + channel;
    }

    /** Checks a name and its value; throws {@code invalid_field} naming what is allowed. */
    public static void check(Policy policy, String name, String value) {
        Set<String> allowed = valuesFor(policy, name);
        if (!allowed.contains(value)) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "value", "'" + name + "' takes one of "
                    + new java.util.TreeSet<>(allowed));
        }
    }

    private static Set<String> valuesFor(Policy policy, String name) {
        if (name.equals(SALE_SHARING) || name.equals(INTEREST_BASED_ADS) || name.equals(LIMIT_SENSITIVE)
                || name.equals(RESTRICT)) {
            return FLAGS;
        }
        if (name.equals(GUARDIAN_CONSENT)) {
            return CONSENT;
        }
        if (name.startsWith("consent.")) {
            requirePurpose(policy, name.substring("consent.".length()));
            return CONSENT;
        }
        if (name.startsWith("transfer.")) {
            // consent to a transfer abroad that rests on consent (policy: transfer mechanism consent)
            String recipient = name.substring("transfer.".length());
            if (!dev.steward.policy.RecipientKey.isValid(recipient)
                    || policy.findRecipient(dev.steward.policy.RecipientKey.of(recipient)).isEmpty()) {
                throw new StewardException(ErrorCode.UNKNOWN_RECIPIENT);
            }
            return CONSENT;
        }
        if (name.startsWith("object.")) {
            requirePurpose(policy, name.substring("object.".length()));
            return FLAGS;
        }
        if (name.startsWith("channel.")) {
            String rest = name.substring("channel.".length());
            int dot = rest.lastIndexOf('.');
            if (dot > 0 && CHANNELS.contains(rest.substring(dot + 1))) {
                requirePurpose(policy, rest.substring(0, dot));
                return SWITCH;
            }
        }
        throw new StewardException(ErrorCode.INVALID_FIELD, "name", "not a choice; expected "
                + "consent.PURPOSE, object.PURPOSE, channel.PURPOSE.(email|phone|in_app), transfer.RECIPIENT, "
                + SALE_SHARING + ", "
                + INTEREST_BASED_ADS + ", " + LIMIT_SENSITIVE + ", " + RESTRICT + " or " + GUARDIAN_CONSENT);
    }

    private static void requirePurpose(Policy policy, String purpose) {
        if (!PurposeKey.isValid(purpose) || policy.findPurpose(PurposeKey.of(purpose)).isEmpty()) {
            throw new StewardException(ErrorCode.UNKNOWN_PURPOSE, purpose, "");
        }
    }
}
