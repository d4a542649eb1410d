package io.alertgate.slack;

/**
 * Length-safe truncation for Slack text. Slack counts Unicode code points, so cuts are made on code
 * point boundaries (never between the two halves of a surrogate pair), and a cut mrkdwn string
 * never ends inside an escape entity ({@code &amp;}) or an angle-bracket token ({@code <url|text>},
 * {@code <!date^…|…>}, {@code <@U…>}): half a token would show as raw markup or, worse, become a
 * different link.
 */
public final class Text {
    /** Appended to every cut string; one code point. */
    public static final String ELLIPSIS = "…";
    /** Longest entity Slack uses ({@code &amp;}); an {@code &} further back cannot open one at the cut. */
    private static final int MAX_ENTITY_LENGTH = 5;

    private Text() {}

    /** Code points in {@code s}. */
    public static int length(CharSequence s) {
        return Character.codePointCount(s, 0, s.length());
    }

    /** {@code s} when it has at most {@code max} code points, else a prefix plus {@link #ELLIPSIS} of exactly at most {@code max}. */
    public static String truncatePlain(String s, int max) {
        requirePositive(max);
        if (length(s) <= max) return s;
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + ELLIPSIS;
    }

    /**
     * Escaped mrkdwn {@code s} cut to at most {@code max} code points including the trailing
     * {@link #ELLIPSIS}; the cut moves back to the start of an entity or token it would split.
     */
    public static String truncateMrkdwn(String s, int max) {
        requirePositive(max);
        if (length(s) <= max) return s;
        int cut = s.offsetByCodePoints(0, max - 1);
        int tokenStart = s.lastIndexOf('<', cut - 1);
        if (tokenStart >= 0 && s.indexOf('>', tokenStart) >= cut) cut = tokenStart;
        int amp = s.lastIndexOf('&', cut - 1);
        if (amp >= 0 && cut - amp < MAX_ENTITY_LENGTH && s.indexOf(';', amp) >= cut && isEntityPrefix(s, amp, cut)) cut = amp;
        return s.substring(0, cut) + ELLIPSIS;
    }

    private static boolean isEntityPrefix(String s, int amp, int cut) {
        for (int i = amp + 1; i < cut; i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '#')) return false;
        }
        return true;
    }

    private static void requirePositive(int max) {
        if (max < 1) throw new IllegalArgumentException("max must be at least 1, was " + max);
    }
}
