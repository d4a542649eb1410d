package io.alertgate.schedule;

import io.alertgate.schedule.TimeInterval.InclusiveRange;
import io.alertgate.schedule.TimeInterval.TimeRange;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Alertmanager's spellings of time-interval fields, parsed to numbers. Every method throws
 * {@link IllegalArgumentException} with a message fit to show next to the YAML path (the config
 * loader adds path and line). Names are case-insensitive, as in Alertmanager.
 */
public final class TimeIntervalSyntax {
    private static final Pattern CLOCK = Pattern.compile("([0-9]{1,2}):([0-9]{2})");
    private static final List<String> WEEKDAYS =
            List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
    private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june",
            "july", "august", "september", "october", "november", "december");
    private static final int MAX_DAY_OF_MONTH = 31;
    /** The month length Alertmanager assumes when it checks the order of a range with negative days. */
    private static final int NOMINAL_MONTH_DAYS = 30;
    /** Alertmanager's own bound on years; anything later is a typo. */
    private static final int MAX_YEAR = 9999;

    private TimeIntervalSyntax() {}

    /** {@code HH:MM} → minutes since midnight; {@code 24:00} is accepted only when {@code end}. */
    public static int minuteOfDay(String text, boolean end) {
        var m = CLOCK.matcher(text.strip());
        if (!m.matches()) throw new IllegalArgumentException("expected HH:MM, got '" + text + "'");
        int h = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        if (h == 24 && min == 0 && end) return TimeRange.MINUTES_PER_DAY;
        if (h > 23 || min > 59) throw new IllegalArgumentException("'" + text + "' is not a time of day (00:00-23:59"
                + (end ? ", or 24:00" : "") + ")");
        return h * 60 + min;
    }

    /** {@code start_time}/{@code end_time} → a window; the end must be after the start. */
    public static TimeRange times(String start, String end) {
        int s = minuteOfDay(start, false);
        int e = minuteOfDay(end, true);
        if (e <= s) throw new IllegalArgumentException("end_time " + end + " must be after start_time " + start);
        return new TimeRange(s, e);
    }

    /** {@code monday}, {@code monday:friday} → ISO day numbers (Monday 1 … Sunday 7). */
    public static InclusiveRange weekdays(String text) {
        return range(text, "weekday", s -> named(s, WEEKDAYS, "weekday"), false);
    }

    /** {@code 1}, {@code 1:5}, {@code -3:-1}: 1…31 or −31…−1, never 0; a start after the end is refused. */
    public static InclusiveRange daysOfMonth(String text) {
        InclusiveRange r = range(text, "day of month", s -> {
            int d = integer(s, "day of month");
            if (d == 0 || Math.abs(d) > MAX_DAY_OF_MONTH) {
                throw new IllegalArgumentException("day of month " + d + " is out of range (1..31 or -31..-1)");
            }
            return d;
        }, true);
        // Alertmanager's check: negative days count as if the month had 30 days, so "1:-1" is fine
        // and "-3:5" is refused; a month of another length may then count a day twice, never wrongly.
        int begin = r.begin() < 0 ? NOMINAL_MONTH_DAYS + r.begin() : r.begin();
        int end = r.end() < 0 ? NOMINAL_MONTH_DAYS + r.end() : r.end();
        if (begin > end) throw new IllegalArgumentException("'" + text + "': the start day is after the end day");
        return r;
    }

    /** {@code may}, {@code 1:3}, {@code january:march} → 1…12. */
    public static InclusiveRange months(String text) {
        return range(text, "month", s -> {
            if (!s.isEmpty() && Character.isDigit(s.charAt(0))) {
                int m = integer(s, "month");
                if (m < 1 || m > 12) throw new IllegalArgumentException("month " + m + " is out of range (1..12)");
                return m;
            }
            return named(s, MONTHS, "month");
        }, false);
    }

    /** {@code 2026}, {@code 2026:2027}. */
    public static InclusiveRange years(String text) {
        return range(text, "year", s -> {
            int y = integer(s, "year");
            if (y < 1 || y > MAX_YEAR) throw new IllegalArgumentException("year " + y + " is out of range");
            return y;
        }, false);
    }

    /** An IANA zone ({@code Europe/Paris}), {@code UTC}, or {@code Local} (the host's zone), as in Alertmanager. */
    public static ZoneId location(String text) {
        if (text.equals("Local")) return ZoneId.systemDefault();
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IANA time zone such as Europe/Paris");
        }
    }

    private interface Part {
        int parse(String s);
    }

    private static InclusiveRange range(String text, String what, Part part, boolean signed) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        // A leading '-' belongs to a negative day, so split on the first ':' only.
        int colon = t.indexOf(':');
        if (colon < 0) {
            int v = part.parse(t);
            return new InclusiveRange(v, v);
        }
        int begin = part.parse(t.substring(0, colon));
        int end = part.parse(t.substring(colon + 1));
        if (!signed && begin > end) {
            throw new IllegalArgumentException("'" + text + "': the start " + what + " is after the end " + what);
        }
        return new InclusiveRange(begin, end);
    }

    private static int named(String s, List<String> names, String what) {
        int i = names.indexOf(s.strip());
        if (i < 0) throw new IllegalArgumentException("'" + s + "' is not a " + what + " (" + String.join(", ", names) + ")");
        return i + 1;
    }

    private static int integer(String s, String what) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a " + what + " number");
        }
    }
}
