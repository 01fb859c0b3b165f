package dev.steward.consent;

/** A choice as it was recorded, kept forever; {@code applied} is false when a later explicit choice won. Immutable. */
public record ChoiceEvent(long id, String name, String value, ChoiceMethod method, String noticeVersion, String at,
                          boolean applied) { }
