package dev.steward.client;

import java.time.Instant;

/** What submitting a request answered: its id and status, the legal due date, and whether it was a duplicate. */
public record SubmittedRequest(String id, String status, Instant dueAt, boolean duplicate, String reason) { }
