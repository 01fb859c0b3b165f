package dev.steward.policy;

/**
 * One section of the rendered notice: its title, its own prose, and which generated content (built
 * from the rules) follows the prose. Immutable.
 */
public record Section(String id, LocalizedText title, LocalizedText text, SectionContent content) { }
