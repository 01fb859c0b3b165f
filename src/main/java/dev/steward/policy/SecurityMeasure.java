package dev.steward.policy;

/** A safeguard the policy promises; {@code standard} names the standard it follows, or is empty. Immutable. */
public record SecurityMeasure(String id, LocalizedText text, String standard) { }
