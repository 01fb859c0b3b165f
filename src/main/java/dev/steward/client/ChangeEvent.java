package dev.steward.client;

import java.time.Instant;

/**
 * One change in the feed: its {@code cursor}, when it was made, its {@code kind} (consent, preference,
 * restriction, account, erasure, hold, policy), the subject's opaque id (null for a change to every
 * subject), and {@code name}/{@code value} saying what changed — never a personal value.
 */
public record ChangeEvent(String cursor, Instant at, String kind, String subject, String name, String value) { }
