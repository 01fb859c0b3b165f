package dev.steward.dsr;

import dev.steward.policy.DayCounting;
import dev.steward.policy.Deadline;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * Legal deadlines of data-subject requests. Calendar periods run from the day of receipt (a month
 * from 31 January is the last day of February); business days are Monday to Friday, counted from
 * the day after receipt. A deadline falls at the end of its day, UTC. Stateless.
 */
public final class Deadlines {
    private Deadlines() { }

    /** When the answer is due for a request received at {@code received}. */
    public static Instant due(Deadline deadline, Instant received) {
        return endOf(add(day(received), deadline.period(), deadline.counting()));
    }

    /** The due date after the longest extension the law allows. */
    public static Instant extended(Deadline deadline, Instant received) {
        LocalDate due = add(day(received), deadline.period(), deadline.counting());
        return endOf(add(due, deadline.extension(), deadline.counting()));
    }

    /** When receipt must be acknowledged, or null when the law sets no such duty. */
    public static Instant acknowledgeBy(Deadline deadline, Instant received) {
        if (deadline.acknowledge().isZero()) {
            return null;
        }
        return endOf(add(day(received), deadline.acknowledge(), deadline.acknowledgeCounting()));
    }

    static LocalDate add(LocalDate start, Period period, DayCounting counting) {
        if (counting == DayCounting.CALENDAR) {
            return start.plus(period);
        }
        LocalDate day = start;
        int remaining = period.getDays();
        while (remaining > 0) {
            day = day.plusDays(1);
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                remaining--;
            }
        }
        return day;
    }

    private static LocalDate day(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static Instant endOf(LocalDate day) {
        return day.atTime(LocalTime.MAX).toInstant(ZoneOffset.UTC);
    }
}
