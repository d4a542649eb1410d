package io.alertgate.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A fixed-position reader of RFC 3339 {@code date-time} for the accepted path: no regex matcher and
 * no substrings per timestamp. It accepts only what {@code WebhookParser.RFC_3339} accepts and
 * answers {@code null} for anything else (including out-of-range fields), so the regex path stays
 * the single source of every error message.
 */
final class Rfc3339 {
    private Rfc3339() {}

    /** Length of {@code yyyy-mm-ddThh:mm:ss}. */
    private static final int SECONDS_END = 19;
    private static final int MAX_FRACTION_DIGITS = 9;

    /** The instant {@code s} names, or {@code null} when the regex path must decide. */
    static Instant parseCommon(String s) {
        int n = s.length();
        if (n < SECONDS_END + 1) return null;
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) return null;
        int i = SECONDS_END;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
            int count = i - start;
            if (count < 1 || count > MAX_FRACTION_DIGITS) return null;
            nanos = digits(s, start, count);
            for (int k = count; k < MAX_FRACTION_DIGITS; k++) nanos *= 10;
        }
        if (i >= n) return null;
        ZoneOffset offset;
        char z = s.charAt(i);
        if ((z == 'Z' || z == 'z') && i + 1 == n) {
            offset = ZoneOffset.UTC;
        } else if ((z == '+' || z == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2), om = digits(s, i + 4, 2);
            if ((oh | om) < 0) return null;
            int sign = z == '-' ? -1 : 1;
            try {
                offset = ZoneOffset.ofHoursMinutes(sign * oh, sign * om);
            } catch (DateTimeException e) {
                return null;
            }
        } else {
            return null;
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal value of {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
