package dev.steward.client;

/** A decision to ask: may this subject's category be used for this purpose (and go to this recipient)? */
public record Check(String subject, String category, String purpose, String recipient, String channel) {
    public static Check of(String subject, String category, String purpose) {
        return new Check(subject, category, purpose, null, null);
    }

    public Check toRecipient(String recipient) {
        return new Check(subject, category, purpose, recipient, channel);
    }
}
