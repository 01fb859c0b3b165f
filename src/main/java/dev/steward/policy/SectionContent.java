package dev.steward.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The generated part of a notice section, built from the rules so that text and enforcement agree. */
public enum SectionContent {
    NONE,
    CONTENTS,
    SOURCES,
    PURPOSES,
    COOKIES,
    RECIPIENTS,
    LOCATIONS,
    SECURITY,
    ADVERTISING,
    CHOICES,
    CHILDREN,
    RETENTION,
    CONTACTS,
    JURISDICTIONS,
    EXAMPLES;

    /** The spelling used in policy files and JSON. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
