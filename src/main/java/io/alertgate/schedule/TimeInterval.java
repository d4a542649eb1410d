package io.alertgate.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * One entry of an Alertmanager {@code time_intervals[].time_intervals} list: the instant is inside
 * when every field that is set contains it (an empty list means "any"), evaluated on the wall clock
 * of {@code location}. Same semantics as Alertmanager's {@code timeinterval.TimeInterval.ContainsTime}:
 * <ul>
 *   <li>{@code times}: minutes of the day, start inclusive, end exclusive ({@code 24:00} allowed as an end);
 *   <li>{@code weekdays}: inclusive ranges of ISO day numbers (Monday 1 … Sunday 7; parsed from names);
 *   <li>{@code days_of_month}: inclusive ranges of 1…31 or −31…−1 (−1 is the month's last day),
 *       resolved against the month's length and clamped to it; a start past the month's end skips the range;
 *   <li>{@code months}: inclusive ranges of 1…12; {@code years}: inclusive ranges of years.
 * </ul>
 * Daylight-saving changes need no special case: the wall clock comes from the zone's rules, so
 * {@code 09:00–17:00} is nine to five local time in winter and in summer, and a skipped local hour
 * (02:00–03:00 on a spring-forward night) simply never occurs.
 *
 * @param times daily windows; empty: the whole day
 * @param weekdays ranges of {@link DayOfWeek#getValue()} (1 = Monday … 7 = Sunday)
 * @param daysOfMonth ranges of day numbers, negative counting from the month's end
 * @param months ranges of month numbers 1…12
 * @param years ranges of years
 * @param location the time zone the fields are read in; Alertmanager's default is UTC
 */
public record TimeInterval(
        List<TimeRange> times,
        List<InclusiveRange> weekdays,
        List<InclusiveRange> daysOfMonth,
        List<InclusiveRange> months,
        List<InclusiveRange> years,
        ZoneId location) {

    public static final ZoneId DEFAULT_LOCATION = ZoneId.of("UTC");

    public TimeInterval {
        times = List.copyOf(times);
        weekdays = List.copyOf(weekdays);
        daysOfMonth = List.copyOf(daysOfMonth);
        months = List.copyOf(months);
        years = List.copyOf(years);
    }

    /**
     * A daily window in minutes since local midnight, {@code [startMinute, endMinute)}.
     *
     * @param startMinute 0…1439
     * @param endMinute startMinute+1…1440 (1440 is {@code 24:00})
     */
    public record TimeRange(int startMinute, int endMinute) {
        public static final int MINUTES_PER_DAY = 24 * 60;

        public TimeRange {
            if (startMinute < 0 || startMinute >= MINUTES_PER_DAY) throw new IllegalArgumentException("start_time out of range");
            if (endMinute > MINUTES_PER_DAY) throw new IllegalArgumentException("end_time out of range");
            if (endMinute <= startMinute) throw new IllegalArgumentException("end_time must be after start_time");
        }

        boolean contains(int minuteOfDay) {
            return minuteOfDay >= startMinute && minuteOfDay < endMinute;
        }
    }

    /** {@code [begin, end]}, both included; one value is a range of one. */
    public record InclusiveRange(int begin, int end) {
        boolean contains(int v) {
            return v >= begin && v <= end;
        }
    }

    /** Whether {@code at}, seen on {@link #location}'s wall clock, lies inside this interval. */
    public boolean contains(Instant at) {
        ZonedDateTime t = at.atZone(location);
        if (!times.isEmpty()) {
            int minute = t.getHour() * 60 + t.getMinute();
            if (times.stream().noneMatch(r -> r.contains(minute))) return false;
        }
        if (!daysOfMonth.isEmpty() && !containsDayOfMonth(t)) return false;
        if (!weekdays.isEmpty() && !anyContains(weekdays, t.getDayOfWeek().getValue())) return false;
        if (!months.isEmpty() && !anyContains(months, t.getMonthValue())) return false;
        return years.isEmpty() || anyContains(years, t.getYear());
    }

    private boolean containsDayOfMonth(ZonedDateTime t) {
        int length = t.toLocalDate().lengthOfMonth();
        for (InclusiveRange r : daysOfMonth) {
            int begin = r.begin() < 0 ? length + r.begin() + 1 : r.begin();
            int end = r.end() < 0 ? length + r.end() + 1 : r.end();
            // As Alertmanager: a range starting after this month's end (e.g. 31 in April) is skipped,
            // an end past it is clamped so that a range never reaches into the next month.
            if (begin > length) continue;
            begin = Math.max(begin, 1);
            end = Math.min(end, length);
            if (t.getDayOfMonth() >= begin && t.getDayOfMonth() <= end) return true;
        }
        return false;
    }

    private static boolean anyContains(List<InclusiveRange> ranges, int v) {
        for (InclusiveRange r : ranges) {
            if (r.contains(v)) return true;
        }
        return false;
    }
}
