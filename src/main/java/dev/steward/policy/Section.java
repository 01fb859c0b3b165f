package dev.steward.policy;

/**
 * One section of the rendered notice: its title, its own prose, and which generated content (built
 * from the rules) follows the prose. Level 2 sections make the table of contents; level 3 ones sit
 * inside the section before them. Immutable.
 */
public record Section(String id, int level, LocalizedText title, LocalizedText text, SectionContent content) { }
