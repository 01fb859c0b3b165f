package dev.steward.policy;

import java.time.LocalDate;
import java.util.List;

/**
 * The policy's identity: id, version, dates, languages (the first is the source text; {@code
 * prevailing} wins where translations differ), title, the preamble that states its scope, and
 * earlier versions. Immutable.
 */
public record PolicyMeta(String id, String version, LocalDate effective, LocalDate lastUpdated, List<String> languages,
                         String prevailingLanguage, LocalizedText title, LocalizedText preamble,
                         List<PriorVersion> priorVersions) {
    public PolicyMeta {
        languages = List.copyOf(languages);
        priorVersions = List.copyOf(priorVersions);
    }
}
