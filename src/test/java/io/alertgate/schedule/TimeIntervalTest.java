package io.alertgate.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.schedule.TimeInterval.InclusiveRange;
import io.alertgate.schedule.TimeInterval.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeIntervalTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static TimeInterval times(ZoneId zone, String start, String end) {
        return new TimeInterval(List.of(TimeIntervalSyntax.times(start, end)), List.of(), List.of(), List.of(), List.of(), zone);
    }

    private static TimeInterval only(List<InclusiveRange> weekdays, List<InclusiveRange> days,
            List<InclusiveRange> months, List<InclusiveRange> years) {
        return new TimeInterval(List.of(), weekdays, days, months, years, UTC);
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    /** Minutes of [from, from + hours) that {@code interval} contains. */
    private static int minutesInside(TimeInterval interval, String from, int hours) {
        int n = 0;
        Instant start = at(from);
        for (int m = 0; m < hours * 60; m++) {
            if (interval.contains(start.plus(Duration.ofMinutes(m)))) n++;
        }
        return n;
    }

    @Test
    void times_startIsInclusive_endIsExclusive() {
        TimeInterval i = times(UTC, "09:00", "17:00");
        assertFalse(i.contains(at("2026-06-01T08:59:59Z")));
        assertTrue(i.contains(at("2026-06-01T09:00:00Z")));
        assertTrue(i.contains(at("2026-06-01T16:59:59Z")));
        assertFalse(i.contains(at("2026-06-01T17:00:00Z")));
    }

    @Test
    void times_endOf2400_coversTheLastMinuteOfTheDay() {
        TimeInterval i = times(UTC, "22:00", "24:00");
        assertTrue(i.contains(at("2026-06-01T23:59:30Z")));
        assertFalse(i.contains(at("2026-06-02T00:00:00Z")));
    }

    @Test
    void times_badValues_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> TimeIntervalSyntax.times("17:00", "09:00"));
        assertThrows(IllegalArgumentException.class, () -> TimeIntervalSyntax.times("09:00", "09:00"));
        assertThrows(IllegalArgumentException.class, () -> TimeIntervalSyntax.times("24:00", "24:00"));
        assertThrows(IllegalArgumentException.class, () -> TimeIntervalSyntax.times("09:60", "10:00"));
        assertThrows(IllegalArgumentException.class, () -> TimeIntervalSyntax.times("9h", "10:00"));
    }

    @Test
    void weekdays_mondayToFriday_excludesTheWeekend() {
        TimeInterval i = only(List.of(TimeIntervalSyntax.weekdays("monday:friday")), List.of(), List.of(), List.of());
        assertTrue(i.contains(at("2026-06-01T12:00:00Z"))); // Monday
        assertTrue(i.contains(at("2026-06-05T12:00:00Z"))); // Friday
        assertFalse(i.contains(at("2026-06-06T12:00:00Z"))); // Saturday
        assertFalse(i.contains(at("2026-06-07T12:00:00Z"))); // Sunday
    }

    @Test
    void weekdays_singleNameAnyCase_isOneDay() {
        assertEquals(new InclusiveRange(7, 7), TimeIntervalSyntax.weekdays("Sunday"));
        assertThrows(IllegalArgumentException.class, () -> TimeIntervalSyntax.weekdays("friday:monday"));
        assertThrows(IllegalArgumentException.class, () -> TimeIntervalSyntax.weekdays("funday"));
    }

    @Test
    void daysOfMonth_positiveRange_isInclusive() {
        TimeInterval i = only(List.of(), List.of(TimeIntervalSyntax.daysOfMonth("1:5")), List.of(), List.of());
        assertTrue(i.contains(at("2026-02-01T00:00:00Z")));
        assertTrue(i.contains(at("2026-02-05T23:59:00Z")));
        assertFalse(i.contains(at("2026-02-06T00:00:00Z")));
    }

    @Test
    void daysOfMonth_negativeRange_countsFromTheMonthsEnd() {
        TimeInterval lastThree = only(List.of(), List.of(TimeIntervalSyntax.daysOfMonth("-3:-1")), List.of(), List.of());
        assertTrue(lastThree.contains(at("2026-02-26T12:00:00Z"))); // February 2026 has 28 days
        assertFalse(lastThree.contains(at("2026-02-25T12:00:00Z")));
        assertTrue(lastThree.contains(at("2028-02-27T12:00:00Z"))); // leap year: 27, 28, 29
        assertFalse(lastThree.contains(at("2028-02-26T12:00:00Z")));
        assertTrue(lastThree.contains(at("2026-01-29T12:00:00Z")));
    }

    @Test
    void daysOfMonth_startPastTheMonthsEnd_isSkipped_andEndIsClamped() {
        TimeInterval the31st = only(List.of(), List.of(TimeIntervalSyntax.daysOfMonth("31")), List.of(), List.of());
        assertFalse(the31st.contains(at("2026-04-30T12:00:00Z")));
        assertFalse(the31st.contains(at("2026-05-01T12:00:00Z")));
        assertTrue(the31st.contains(at("2026-05-31T12:00:00Z")));
        TimeInterval fromThe28th = only(List.of(), List.of(TimeIntervalSyntax.daysOfMonth("28:31")), List.of(), List.of());
        assertTrue(fromThe28th.contains(at("2026-02-28T12:00:00Z")));
        assertFalse(fromThe28th.contains(at("2026-03-01T12:00:00Z")));
    }

    @Test
    void daysOfMonth_badValues_areRefusedLikeAlertmanager() {
        assertThrows(IllegalArgumentException.class, () -> TimeIntervalSyntax.daysOfMonth("0"));
        assertThrows(IllegalArgumentException.class, () -> TimeIntervalSyntax.daysOfMonth("32"));
        assertThrows(IllegalArgumentException.class, () -> TimeIntervalSyntax.daysOfMonth("5:1"));
        assertThrows(IllegalArgumentException.class, () -> TimeIntervalSyntax.daysOfMonth("-1:-3"));
        assertThrows(IllegalArgumentException.class, () -> TimeIntervalSyntax.daysOfMonth("-3:5"));
        assertEquals(new InclusiveRange(1, -1), TimeIntervalSyntax.daysOfMonth("1:-1"));
    }

    @Test
    void months_namesAndNumbers_meanTheSame() {
        assertEquals(TimeIntervalSyntax.months("1:3"), TimeIntervalSyntax.months("january:march"));
        TimeInterval i = only(List.of(), List.of(),
                List.of(TimeIntervalSyntax.months("1:3"), TimeIntervalSyntax.months("may")), List.of());
        assertTrue(i.contains(at("2026-03-31T23:00:00Z")));
        assertFalse(i.contains(at("2026-04-15T12:00:00Z")));
        assertTrue(i.contains(at("2026-05-15T12:00:00Z")));
        assertThrows(IllegalArgumentException.class, () -> TimeIntervalSyntax.months("13"));
        assertThrows(IllegalArgumentException.class, () -> TimeIntervalSyntax.months("march:january"));
    }

    @Test
    void years_range_isInclusive() {
        TimeInterval i = only(List.of(), List.of(), List.of(), List.of(TimeIntervalSyntax.years("2026:2027")));
        assertFalse(i.contains(at("2025-12-31T23:59:59Z")));
        assertTrue(i.contains(at("2026-01-01T00:00:00Z")));
        assertTrue(i.contains(at("2027-12-31T23:59:59Z")));
        assertFalse(i.contains(at("2028-01-01T00:00:00Z")));
    }

    @Test
    void location_readsFieldsOnThatZonesWallClock() {
        // 23:30 UTC on Sunday is 00:30 on Monday in Paris (summer, UTC+2 → 01:30).
        TimeInterval monday = new TimeInterval(List.of(), List.of(TimeIntervalSyntax.weekdays("monday")), List.of(),
                List.of(), List.of(), PARIS);
        assertTrue(monday.contains(at("2026-06-07T23:30:00Z")));
        assertFalse(only(List.of(TimeIntervalSyntax.weekdays("monday")), List.of(), List.of(), List.of())
                .contains(at("2026-06-07T23:30:00Z")));
        assertEquals(UTC, TimeInterval.DEFAULT_LOCATION);
        assertThrows(IllegalArgumentException.class, () -> TimeIntervalSyntax.location("Europe/Nowhere"));
    }

    @Test
    void allFields_areAnded_andNamedIntervalsAreOred() {
        TimeInterval weekdayMornings = new TimeInterval(List.of(new TimeRange(9 * 60, 12 * 60)),
                List.of(TimeIntervalSyntax.weekdays("monday:friday")), List.of(), List.of(), List.of(), UTC);
        TimeInterval saturdays = only(List.of(TimeIntervalSyntax.weekdays("saturday")), List.of(), List.of(), List.of());
        NamedTimeInterval named = new NamedTimeInterval("n", List.of(weekdayMornings, saturdays));
        assertTrue(named.contains(at("2026-06-01T10:00:00Z")));
        assertFalse(named.contains(at("2026-06-01T13:00:00Z")));
        assertTrue(named.contains(at("2026-06-06T13:00:00Z")));
        assertFalse(new NamedTimeInterval("empty", List.of()).contains(at("2026-06-01T10:00:00Z")));
    }

    @Test
    void businessHours_followParisAcrossTheSpringChange() {
        TimeInterval nineToFive = times(PARIS, "09:00", "17:00");
        // Friday 27 March 2026, CET (UTC+1): 09:00 local is 08:00 UTC.
        assertTrue(nineToFive.contains(at("2026-03-27T08:00:00Z")));
        assertFalse(nineToFive.contains(at("2026-03-27T07:59:00Z")));
        // Monday 30 March 2026, CEST (UTC+2): 09:00 local is 07:00 UTC.
        assertTrue(nineToFive.contains(at("2026-03-30T07:00:00Z")));
        assertFalse(nineToFive.contains(at("2026-03-30T06:59:00Z")));
    }

    @Test
    void skippedHour_onParisSpringNight_neverOccurs() {
        // 29 March 2026: clocks go from 02:00 to 03:00 local; the day has 23 hours.
        assertEquals(0, minutesInside(times(PARIS, "02:00", "03:00"), "2026-03-28T22:00:00Z", 24));
        assertEquals(60, minutesInside(times(PARIS, "03:00", "04:00"), "2026-03-28T22:00:00Z", 24));
    }

    @Test
    void repeatedHour_onParisAutumnNight_occursTwice() {
        // 25 October 2026: clocks go from 03:00 back to 02:00; 02:00–03:00 local lasts two hours.
        assertEquals(120, minutesInside(times(PARIS, "02:00", "03:00"), "2026-10-24T21:00:00Z", 26));
        assertEquals(60, minutesInside(times(PARIS, "04:00", "05:00"), "2026-10-24T21:00:00Z", 26));
    }

    @Test
    void skippedHour_onNewYorkSpringNight_neverOccurs() {
        // 8 March 2026: 02:00 EST becomes 03:00 EDT.
        assertEquals(0, minutesInside(times(NEW_YORK, "02:00", "03:00"), "2026-03-08T04:00:00Z", 24));
        // Business hours move by one hour in UTC: 09:00 local is 14:00 UTC on Friday, 13:00 UTC on Monday.
        TimeInterval nineToFive = times(NEW_YORK, "09:00", "17:00");
        assertTrue(nineToFive.contains(at("2026-03-06T14:00:00Z")));
        assertFalse(nineToFive.contains(at("2026-03-06T13:30:00Z")));
        assertTrue(nineToFive.contains(at("2026-03-09T13:00:00Z")));
    }

    @Test
    void repeatedHour_onNewYorkAutumnNight_occursTwice() {
        // 1 November 2026: 02:00 EDT goes back to 01:00 EST; 01:00–02:00 local lasts two hours.
        assertEquals(120, minutesInside(times(NEW_YORK, "01:00", "02:00"), "2026-11-01T03:00:00Z", 26));
    }
}
