package dev.steward.decision;

/** The stable reason codes every decision carries. */
public final class Reason {
    public static final String DECLARED_PURPOSE = "declared_purpose";
    public static final String CONSENT_GIVEN = "consent_given";
    public static final String UNKNOWN_PURPOSE = "unknown_purpose";
    public static final String UNKNOWN_CATEGORY = "unknown_category";
    public static final String UNKNOWN_RECIPIENT = "unknown_recipient";
    public static final String NOT_DECLARED = "purpose_not_declared_for_category";
    public static final String NO_LEGAL_BASIS = "no_legal_basis_in_jurisdiction";
    public static final String ACCOUNT_CLOSED = "account_closed";
    public static final String RESTRICTED = "processing_restricted";
    /** The subject was erased: only what a hold keeps remains, for the hold's purposes. */
    public static final String ERASED = "subject_erased";
    public static final String OBJECTED = "objected";
    public static final String CHILD_GUARDIAN_REQUIRED = "child_needs_guardian";
    public static final String GUARDIAN_CONSENT_MISSING = "guardian_consent_missing";
    public static final String CONSENT_MISSING = "consent_missing";
    public static final String CONSENT_WITHDRAWN = "consent_withdrawn";
    public static final String OPTED_OUT_SALE_SHARING = "opted_out_of_sale_or_sharing";
    public static final String OPTED_OUT_ADS = "opted_out_of_interest_based_ads";
    public static final String CHANNEL_OFF = "channel_turned_off";
    public static final String SENSITIVE_LIMITED = "sensitive_use_limited";
    public static final String RECIPIENT_PURPOSE = "recipient_not_declared_for_purpose";
    public static final String RECIPIENT_CATEGORY = "recipient_not_declared_for_category";
    public static final String NO_TRANSFER_MECHANISM = "no_transfer_mechanism";
    /** The transfer abroad rests on consent the subject has not given ({@code transfer.RECIPIENT}). */
    public static final String TRANSFER_CONSENT_MISSING = "transfer_consent_missing";

    private Reason() { }
}
