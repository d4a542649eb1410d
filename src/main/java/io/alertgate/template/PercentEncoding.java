package io.alertgate.template;

/**
 * Percent-encoding as {@link java.net.URLEncoder#encode(String, java.nio.charset.Charset)} does it
 * for UTF-8 ({@code A–Z a–z 0–9 . - * _} kept, every other byte as {@code %XX} in upper case), except
 * that a space is {@code %20}, not {@code +}: written straight into the caller's builder, with no
 * intermediate strings.
 */
final class PercentEncoding {
    private PercentEncoding() {}

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * Appends {@code s} percent-encoded to {@code out}; answers false (having appended part of it)
     * when {@code s} holds a lone surrogate, which has no UTF-8 form.
     */
    static boolean appendUtf8(StringBuilder out, CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '*' || c == '_') {
                out.append(c);
            } else if (c < 0x80) {
                pct(out, c);
            } else if (c < 0x800) {
                pct(out, 0xC0 | (c >> 6));
                pct(out, 0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                pct(out, 0xF0 | (cp >> 18));
                pct(out, 0x80 | ((cp >> 12) & 0x3F));
                pct(out, 0x80 | ((cp >> 6) & 0x3F));
                pct(out, 0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                return false;
            } else {
                pct(out, 0xE0 | (c >> 12));
                pct(out, 0x80 | ((c >> 6) & 0x3F));
                pct(out, 0x80 | (c & 0x3F));
            }
        }
        return true;
    }

    private static void pct(StringBuilder out, int b) {
        out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }
}
