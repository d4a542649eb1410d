package io.alertgate.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockKitLimitsTest {

    private static Map<String, Object> section(String text) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", text));
    }

    private static Map<String, Object> button(String text, String url) {
        return Map.of("type", "button", "action_id", "a", "text", Map.of("type", "plain_text", "text", text), "url", url);
    }

    @Test
    void violations_validMessage_isEmpty() {
        assertEquals(List.of(), BlockKitLimits.violations(Map.of("text", "hi", "blocks", List.of(section("x")))));
    }

    @Test
    void violations_sectionTextOf3001Characters_namesThePointer() {
        var body = Map.<String, Object>of("text", "t", "blocks", List.of(section("x".repeat(3001))));
        assertEquals(List.of("/blocks/0/text/text must be at most 3000 characters"), BlockKitLimits.violations(body));
    }

    @Test
    void violations_sectionOf3000Emoji_fitsBecauseCodePointsCount() {
        var body = Map.<String, Object>of("text", "t", "blocks", List.of(section("😀".repeat(3000))));
        assertEquals(List.of(), BlockKitLimits.violations(body));
    }

    @Test
    void violations_emptySectionText_isReported() {
        var body = Map.<String, Object>of("blocks", List.of(section("")));
        assertEquals(List.of("/blocks/0/text/text must be at least 1 character"), BlockKitLimits.violations(body));
    }

    @Test
    void violations_everyLimitBroken_reportsEachWithItsPointer() {
        List<Map<String, Object>> fields = Collections.nCopies(11, Map.of("type", "mrkdwn", "text", "f".repeat(2001)));
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "block_id", "b".repeat(256), "text", Map.of("type", "mrkdwn", "text", "h".repeat(151))));
        blocks.add(Map.of("type", "section", "fields", fields));
        blocks.add(Map.of("type", "context", "elements", Collections.nCopies(11, Map.of("type", "mrkdwn", "text", "c"))));
        blocks.add(Map.of("type", "actions", "elements", Collections.nCopies(26, button("x", "https://e.com"))));
        blocks.add(Map.of("type", "actions", "elements", List.of(Map.of("type", "button", "action_id", "i".repeat(256),
                "text", Map.of("type", "plain_text", "text", "t".repeat(76)), "url", "https://e.com/" + "u".repeat(3000),
                "value", "v".repeat(2001), "style", "loud"))));
        var body = Map.<String, Object>of("text", "x".repeat(40_001), "attachments", List.of(Map.of("color", "#fff", "blocks", blocks)));
        List<String> v = BlockKitLimits.violations(body);
        List<String> expected = List.of(
                "/text must be at most 40000 characters",
                "/attachments/0/blocks/0/block_id must be at most 255 characters",
                "/attachments/0/blocks/0/text/type must be plain_text",
                "/attachments/0/blocks/0/text/text must be at most 150 characters",
                "/attachments/0/blocks/1/fields must have at most 10 items, has 11",
                "/attachments/0/blocks/1/fields/0/text must be at most 2000 characters",
                "/attachments/0/blocks/2/elements must have at most 10 items, has 11",
                "/attachments/0/blocks/3/elements must have at most 25 items, has 26",
                "/attachments/0/blocks/4/elements/0/action_id must be at most 255 characters",
                "/attachments/0/blocks/4/elements/0/text/text must be at most 75 characters",
                "/attachments/0/blocks/4/elements/0/url must be at most 3000 characters",
                "/attachments/0/blocks/4/elements/0/value must be at most 2000 characters",
                "/attachments/0/blocks/4/elements/0/style must be one of primary, danger");
        for (String e : expected) assertTrue(v.contains(e), "missing: " + e + " in " + v);
    }

    @Test
    void violations_51Blocks_isReportedAlsoWhenSplitOverAttachments() {
        var top = Collections.nCopies(51, section("x"));
        assertEquals(List.of("/blocks must have at most 50 blocks, has 51",
                "/ must have at most 50 blocks in blocks and attachments together, has 51"),
                BlockKitLimits.violations(Map.of("blocks", top)));
        var split = Map.<String, Object>of("blocks", Collections.nCopies(30, section("x")),
                "attachments", List.of(Map.of("blocks", Collections.nCopies(30, section("x")))));
        assertEquals(List.of("/ must have at most 50 blocks in blocks and attachments together, has 60"), BlockKitLimits.violations(split));
    }
}
