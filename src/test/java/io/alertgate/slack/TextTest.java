package io.alertgate.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void truncatePlain_shortText_isUnchanged() {
        assertEquals("hello", Text.truncatePlain("hello", 5));
    }

    @Test
    void truncatePlain_longText_endsWithEllipsisWithinLimit() {
        assertEquals("hel…", Text.truncatePlain("hello world", 4));
    }

    @Test
    void truncatePlain_cutAtSurrogatePair_keepsThePairWhole() {
        String s = "ab😀😀😀";
        assertEquals("ab😀…", Text.truncatePlain(s, 4));
    }

    @Test
    void truncateMrkdwn_cutInsideEntity_movesBeforeTheEntity() {
        assertEquals("a…", Text.truncateMrkdwn("a&amp;bcdef", 4));
        assertEquals("a&amp;…", Text.truncateMrkdwn("a&amp;bcdef", 7));
    }

    @Test
    void truncateMrkdwn_cutInsideLink_movesBeforeTheLink() {
        assertEquals("see …", Text.truncateMrkdwn("see <https://example.com|the runbook> now", 20));
    }

    @Test
    void truncateMrkdwn_cutInsideDateToken_movesBeforeTheToken() {
        String s = "since <!date^1741943376^{date_short_pretty} {time}|2025-03-14T09:09:36Z> ok";
        assertEquals("since …", Text.truncateMrkdwn(s, 30));
    }

    @Property
    void truncateMrkdwn_anyEscapedText_fitsAndEndsOutsideTokens(
            @ForAll("mrkdwn") String s, @ForAll @IntRange(min = 1, max = 200) int max) {
        String out = Text.truncateMrkdwn(s, max);
        assertTrue(Text.length(out) <= max, out);
        assertTrue(s.equals(out) || out.endsWith(Text.ELLIPSIS));
        assertNoLoneSurrogate(out);
        String kept = out.endsWith(Text.ELLIPSIS) && !s.equals(out) ? out.substring(0, out.length() - 1) : out;
        assertTrue(s.startsWith(kept));
        assertFalse(kept.lastIndexOf('<') > kept.lastIndexOf('>'), "ends inside a <token>: " + out);
        int amp = kept.lastIndexOf('&');
        assertFalse(amp >= 0 && kept.indexOf(';', amp) < 0, "ends inside an entity: " + out);
    }

    @Property
    void truncatePlain_anyText_fitsWithoutLoneSurrogates(
            @ForAll("mrkdwn") String s, @ForAll @IntRange(min = 1, max = 200) int max) {
        String out = Text.truncatePlain(s, max);
        assertTrue(Text.length(out) <= max);
        assertNoLoneSurrogate(out);
    }

    /** Escaped mrkdwn: words, CJK, emoji (surrogate pairs), entities, links and date tokens. */
    @Provide
    Arbitrary<String> mrkdwn() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8),
                Arbitraries.of(" ", "\n", "*", "_", "漢字", "日本語", "😀", "🔥", "𝄞", "é"),
                Arbitraries.of("&amp;", "&lt;", "&gt;"),
                Arbitraries.of("<https://example.com/a?b=1&amp;c=2|runbook>", "<!date^1741943376^{time}|09:09>",
                        "<@U0123ABC>", "<#C0123|alerts>", "<https://example.com>"));
        return piece.list().ofMaxSize(40).map(l -> String.join("", l));
    }

    private static void assertNoLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertTrue(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)), "lone high surrogate in " + s);
                i++;
            } else {
                assertFalse(Character.isLowSurrogate(c), "lone low surrogate in " + s);
            }
        }
    }

    @Test
    void length_countsCodePoints() {
        assertEquals(List.of(1, 2), List.of(Text.length("😀"), Text.length("漢字")));
    }
}
