package dev.steward.decision;

/** One shared instance per refusal, so that a decision allocates nothing. */
final class Denials {
    static final Decision NOT_DECLARED = Decision.deny(Reason.NOT_DECLARED);
    static final Decision NO_LEGAL_BASIS = Decision.deny(Reason.NO_LEGAL_BASIS);
    static final Decision ACCOUNT_CLOSED = Decision.deny(Reason.ACCOUNT_CLOSED);
    static final Decision RESTRICTED = Decision.deny(Reason.RESTRICTED);
    static final Decision ERASED = Decision.deny(Reason.ERASED);
    static final Decision OBJECTED = Decision.deny(Reason.OBJECTED);
    static final Decision GUARDIAN_CONSENT_MISSING = Decision.deny(Reason.GUARDIAN_CONSENT_MISSING);
    static final Decision CHILD_GUARDIAN_REQUIRED = Decision.deny(Reason.CHILD_GUARDIAN_REQUIRED);
    static final Decision CONSENT_MISSING = Decision.deny(Reason.CONSENT_MISSING);
    static final Decision CONSENT_WITHDRAWN = Decision.deny(Reason.CONSENT_WITHDRAWN);
    static final Decision OPTED_OUT_SALE_SHARING = Decision.deny(Reason.OPTED_OUT_SALE_SHARING);
    static final Decision OPTED_OUT_ADS = Decision.deny(Reason.OPTED_OUT_ADS);
    static final Decision CHANNEL_OFF = Decision.deny(Reason.CHANNEL_OFF);
    static final Decision SENSITIVE_LIMITED = Decision.deny(Reason.SENSITIVE_LIMITED);
    static final Decision RECIPIENT_PURPOSE = Decision.deny(Reason.RECIPIENT_PURPOSE);
    static final Decision RECIPIENT_CATEGORY = Decision.deny(Reason.RECIPIENT_CATEGORY);
    static final Decision NO_TRANSFER_MECHANISM = Decision.deny(Reason.NO_TRANSFER_MECHANISM);
    static final Decision TRANSFER_CONSENT_MISSING = Decision.deny(Reason.TRANSFER_CONSENT_MISSING);

    private Denials() { }
}
