package dev.steward.client;

/** The answer to a {@link Check}: allowed or not, the stable reason code and the legal basis used. */
public record Decision(boolean allowed, String reason, String basis) { }
