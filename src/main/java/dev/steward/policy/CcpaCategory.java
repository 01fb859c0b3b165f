package dev.steward.policy;

/**
 * A CCPA category of personal information with an example of its collection and, when it was
 * disclosed for a business purpose, an example context ({@code disclosed} empty when it was not). Immutable.
 */
public record CcpaCategory(String key, LocalizedText title, LocalizedText collected, LocalizedText disclosed) { }
