package dev.steward.policy;

import java.time.Period;

/** A cookie set on the company's pages; {@code duration} is {@link Period#ZERO} for a session cookie. Immutable. */
public record Cookie(String name, CookieCategory category, PurposeKey purpose, Period duration, boolean firstParty,
                     LocalizedText text) { }
