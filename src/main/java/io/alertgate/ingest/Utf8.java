package io.alertgate.ingest;

/**
 * Strict UTF-8 validation of a byte array without decoding it (RFC 3629): no overlong forms, no
 * encoded surrogates (U+D800–U+DFFF), nothing above U+10FFFF, no truncated sequence. It accepts
 * exactly what {@link java.nio.charset.CharsetDecoder} with {@code REPORT} accepts, and allocates
 * nothing, so the parser can hand well-formed bodies to jackson's byte parser.
 */
final class Utf8 {
    private Utf8() {}

    /** True when {@code b} is well-formed UTF-8 throughout. */
    static boolean isStrict(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i];
            if (c >= 0) { // ASCII, the common case
                i++;
                continue;
            }
            c &= 0xFF;
            if (c < 0xC2) return false; // continuation byte first, or overlong 2-byte lead C0/C1
            if (c < 0xE0) {
                if (i + 1 >= n || !cont(b[i + 1])) return false;
                i += 2;
            } else if (c < 0xF0) {
                if (i + 2 >= n || !cont(b[i + 1]) || !cont(b[i + 2])) return false;
                int c1 = b[i + 1] & 0xFF;
                if (c == 0xE0 && c1 < 0xA0) return false; // overlong
                if (c == 0xED && c1 >= 0xA0) return false; // surrogate
                i += 3;
            } else if (c < 0xF5) {
                if (i + 3 >= n || !cont(b[i + 1]) || !cont(b[i + 2]) || !cont(b[i + 3])) return false;
                int c1 = b[i + 1] & 0xFF;
                if (c == 0xF0 && c1 < 0x90) return false; // overlong
                if (c == 0xF4 && c1 >= 0x90) return false; // above U+10FFFF
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean cont(byte x) {
        return (x & 0xC0) == 0x80;
    }
}
