package dev.steward.consent;

/**
 * One of a subject's current choices, such as {@code consent.marketing = granted} or {@code
 * opt_out.sale_sharing = true}, with how, under which notice version and when it was made. Immutable.
 */
public record Choice(String name, String value, ChoiceMethod method, String noticeVersion, String at) { }
