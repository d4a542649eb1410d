package io.alertgate.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Slack's Block Kit and message limits as named constants, and a checker that lists every limit a
 * message body breaks. Source of every value: {@code shared/corpus/slack/limits.json}, which names
 * the Slack page each comes from. Lengths count Unicode code points (an emoji is one character),
 * as Slack counts them.
 *
 * <p>Design note: the checker is deliberately stricter in one place — it also counts top-level
 * blocks plus attachment blocks together against {@link #MAX_BLOCKS_PER_MESSAGE}, because the
 * formatter splits one message across both and Slack does not document how it counts them.
 */
public final class BlockKitLimits {
    private BlockKitLimits() {}

    /** Blocks per message. docs.slack.dev/reference/block-kit/blocks */
    public static final int MAX_BLOCKS_PER_MESSAGE = 50;
    /** {@code section.text.text} maximum, characters. docs.slack.dev/reference/block-kit/blocks/section-block */
    public static final int MAX_SECTION_TEXT = 3000;
    /** {@code section.text.text} minimum, characters. docs.slack.dev/reference/block-kit/blocks/section-block */
    public static final int MIN_SECTION_TEXT = 1;
    /** {@code section.fields} maximum items. docs.slack.dev/reference/block-kit/blocks/section-block */
    public static final int MAX_SECTION_FIELDS = 10;
    /** {@code section.fields[].text} maximum, characters. docs.slack.dev/reference/block-kit/blocks/section-block */
    public static final int MAX_FIELD_TEXT = 2000;
    /** {@code block_id} maximum on any block, characters. docs.slack.dev/reference/block-kit/blocks/section-block */
    public static final int MAX_BLOCK_ID = 255;
    /** {@code header.text} (plain_text only) maximum, characters. docs.slack.dev/reference/block-kit/blocks/header-block */
    public static final int MAX_HEADER_TEXT = 150;
    /** {@code context.elements} maximum items. docs.slack.dev/reference/block-kit/blocks/context-block */
    public static final int MAX_CONTEXT_ELEMENTS = 10;
    /** {@code actions.elements} maximum items. docs.slack.dev/reference/block-kit/blocks/actions-block */
    public static final int MAX_ACTIONS_ELEMENTS = 25;
    /** Button {@code text} (plain_text) maximum, characters. docs.slack.dev/reference/block-kit/block-elements/button-element */
    public static final int MAX_BUTTON_TEXT = 75;
    /** Button {@code value} maximum, characters. docs.slack.dev/reference/block-kit/block-elements/button-element */
    public static final int MAX_BUTTON_VALUE = 2000;
    /** Button {@code url} maximum, characters. docs.slack.dev/reference/block-kit/block-elements/button-element */
    public static final int MAX_BUTTON_URL = 3000;
    /** Button (or any element's) {@code action_id} maximum, characters. docs.slack.dev/reference/block-kit/block-elements/button-element */
    public static final int MAX_ACTION_ID = 255;
    /** Button {@code accessibility_label} maximum, characters. docs.slack.dev/reference/block-kit/block-elements/button-element */
    public static final int MAX_BUTTON_ACCESSIBILITY_LABEL = 75;
    /** Button {@code style} values. docs.slack.dev/reference/block-kit/block-elements/button-element */
    public static final Set<String> BUTTON_STYLES = Set.of("primary", "danger");
    /** Top-level {@code text}: Slack truncates beyond this, characters. api.slack.com/changelog/2018-04-truncating-really-long-messages */
    public static final int MAX_MESSAGE_TEXT = 40_000;

    /**
     * Every limit {@code body} breaks, as {@code <json pointer> <what>} lines (empty when the body
     * fits), for example {@code /blocks/0/text/text must be at most 3000 characters}. Checks the
     * top-level {@code text}, {@code blocks}, and {@code attachments[].blocks}.
     */
    public static List<String> violations(Map<String, Object> body) {
        List<String> out = new ArrayList<>();
        if (body.get("text") instanceof String text && length(text) > MAX_MESSAGE_TEXT) {
            out.add("/text must be at most " + MAX_MESSAGE_TEXT + " characters");
        }
        int total = checkBlocks(body.get("blocks"), "/blocks", out);
        if (body.get("attachments") instanceof List<?> attachments) {
            for (int i = 0; i < attachments.size(); i++) {
                if (attachments.get(i) instanceof Map<?, ?> a) {
                    total += checkBlocks(a.get("blocks"), "/attachments/" + i + "/blocks", out);
                }
            }
        }
        if (total > MAX_BLOCKS_PER_MESSAGE) {
            out.add("/ must have at most " + MAX_BLOCKS_PER_MESSAGE + " blocks in blocks and attachments together, has " + total);
        }
        return out;
    }

    /** Length as Slack counts it: Unicode code points. */
    public static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    private static int checkBlocks(Object value, String at, List<String> out) {
        if (!(value instanceof List<?> blocks)) return 0;
        if (blocks.size() > MAX_BLOCKS_PER_MESSAGE) {
            out.add(at + " must have at most " + MAX_BLOCKS_PER_MESSAGE + " blocks, has " + blocks.size());
        }
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i) instanceof Map<?, ?> block) checkBlock(block, at + "/" + i, out);
        }
        return blocks.size();
    }

    private static void checkBlock(Map<?, ?> block, String at, List<String> out) {
        atMost(block.get("block_id"), MAX_BLOCK_ID, at + "/block_id", out);
        switch (String.valueOf(block.get("type"))) {
            case "section" -> {
                if (block.get("text") instanceof Map<?, ?> text) {
                    Object t = text.get("text");
                    atMost(t, MAX_SECTION_TEXT, at + "/text/text", out);
                    if (t instanceof String s && length(s) < MIN_SECTION_TEXT) {
                        out.add(at + "/text/text must be at least " + MIN_SECTION_TEXT + " character");
                    }
                }
                if (block.get("fields") instanceof List<?> fields) {
                    maxItems(fields, MAX_SECTION_FIELDS, at + "/fields", out);
                    for (int i = 0; i < fields.size(); i++) {
                        if (fields.get(i) instanceof Map<?, ?> f) atMost(f.get("text"), MAX_FIELD_TEXT, at + "/fields/" + i + "/text", out);
                    }
                }
                if (block.get("accessory") instanceof Map<?, ?> accessory) checkElement(accessory, at + "/accessory", out);
            }
            case "header" -> {
                if (block.get("text") instanceof Map<?, ?> text) {
                    if (!"plain_text".equals(text.get("type"))) out.add(at + "/text/type must be plain_text");
                    atMost(text.get("text"), MAX_HEADER_TEXT, at + "/text/text", out);
                }
            }
            case "context" -> {
                if (block.get("elements") instanceof List<?> elements) maxItems(elements, MAX_CONTEXT_ELEMENTS, at + "/elements", out);
            }
            case "actions" -> {
                if (block.get("elements") instanceof List<?> elements) {
                    maxItems(elements, MAX_ACTIONS_ELEMENTS, at + "/elements", out);
                    for (int i = 0; i < elements.size(); i++) {
                        if (elements.get(i) instanceof Map<?, ?> e) checkElement(e, at + "/elements/" + i, out);
                    }
                }
            }
            default -> { }
        }
    }

    private static void checkElement(Map<?, ?> element, String at, List<String> out) {
        atMost(element.get("action_id"), MAX_ACTION_ID, at + "/action_id", out);
        if (!"button".equals(element.get("type"))) return;
        if (element.get("text") instanceof Map<?, ?> text) atMost(text.get("text"), MAX_BUTTON_TEXT, at + "/text/text", out);
        atMost(element.get("url"), MAX_BUTTON_URL, at + "/url", out);
        atMost(element.get("value"), MAX_BUTTON_VALUE, at + "/value", out);
        atMost(element.get("accessibility_label"), MAX_BUTTON_ACCESSIBILITY_LABEL, at + "/accessibility_label", out);
        Object style = element.get("style");
        if (style != null && !BUTTON_STYLES.contains(style)) out.add(at + "/style must be one of primary, danger");
    }

    private static void atMost(Object value, int max, String at, List<String> out) {
        if (value instanceof String s && length(s) > max) out.add(at + " must be at most " + max + " characters");
    }

    private static void maxItems(List<?> items, int max, String at, List<String> out) {
        if (items.size() > max) out.add(at + " must have at most " + max + " items, has " + items.size());
    }
}
