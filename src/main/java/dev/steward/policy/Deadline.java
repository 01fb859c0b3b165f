package dev.steward.policy;

import java.time.Period;

/**
 * When a data-subject request must be answered: the period and how days are counted, the longest
 * extension, and the acknowledgement duty ({@code acknowledge} is {@link Period#ZERO} when none).
 * Immutable.
 */
public record Deadline(Period period, DayCounting counting, Period extension, Period acknowledge,
                       DayCounting acknowledgeCounting) { }
