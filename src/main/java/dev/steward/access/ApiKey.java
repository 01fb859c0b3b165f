package dev.steward.access;

import java.time.Instant;

/** An API key's public record: never the key itself. Immutable. */
public record ApiKey(String id, String name, Role role, Instant createdAt) { }
