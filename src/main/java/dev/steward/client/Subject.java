package dev.steward.client;

import java.time.Instant;
import java.util.List;

/** A data subject as Steward knows it: opaque id, jurisdiction, status, which identity kinds it has. */
public record Subject(String id, String jurisdiction, boolean customer, String status, String guardian,
                      boolean hasBirthDate, List<String> identities, String policyVersion, Instant createdAt) { }
