package dev.steward.client;

import java.time.Instant;
import java.util.List;

/** A personal record read for a purpose (card numbers come back masked). */
public record PersonalRecord(String id, String category, String value, String source, List<String> purposes,
                             String jurisdiction, Instant collectedAt, String policyVersion, int version) { }
