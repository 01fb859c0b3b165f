package dev.steward.policy;

/** A named reason the law or a legitimate need keeps data beyond its purposes (tax, disputes, fraud). Immutable. */
public record LegalHold(String id, LocalizedText title, LocalizedText text) { }
