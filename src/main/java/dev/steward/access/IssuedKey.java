package dev.steward.access;

/** A newly created API key: {@code secret} is shown once and never stored. Immutable. */
public record IssuedKey(ApiKey key, String secret) { }
