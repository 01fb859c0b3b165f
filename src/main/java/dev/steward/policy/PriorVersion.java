package dev.steward.policy;

/** An earlier version of the policy and where it can still be read. Immutable. */
public record PriorVersion(String version, String url) { }
