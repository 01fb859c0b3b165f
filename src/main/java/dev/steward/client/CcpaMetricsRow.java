package dev.steward.client;

/** One line of the California request metrics (11 CCR §7102) for a year and request kind. */
public record CcpaMetricsRow(int year, String kind, int received, int compliedWhole, int compliedPart, int denied,
                             Double medianDays) { }
