package dev.steward.client;

import java.time.Instant;

/** A subject's current choice: a consent ({@code consent.PURPOSE}), preference or opt-out, and how it was made. */
public record Choice(String name, String value, String method, String noticeVersion, Instant at) { }
