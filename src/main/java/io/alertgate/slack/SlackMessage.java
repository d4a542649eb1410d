package io.alertgate.slack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Slack message, already within every Block Kit limit (see {@link BlockKitLimits}).
 *
 * @param text the top-level fallback text shown in notifications; never empty; at most 40,000
 *     characters (Slack truncates longer text — changelog 2018-04)
 * @param blocks top-level Block Kit blocks (JSON objects as Maps), at most 50
 * @param attachments legacy attachments used for the colour bar, each with {@code color} and
 *     {@code blocks}; may be empty
 * @param correlationId the id of the webhook request this message answers, sent as Slack message
 *     metadata with {@code chat.postMessage} (webhooks take no metadata); "" for none
 */
public record SlackMessage(String text, List<Map<String, Object>> blocks, List<Map<String, Object>> attachments,
        String correlationId) {
    /** The metadata {@code event_type} of alertgate's messages (Slack: lowercase, letters and underscores). */
    public static final String METADATA_EVENT_TYPE = "alertgate_notification";

    public SlackMessage {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("text must not be empty");
        blocks = List.copyOf(blocks);
        attachments = List.copyOf(attachments);
        correlationId = correlationId == null ? "" : correlationId;
    }

    public SlackMessage(String text, List<Map<String, Object>> blocks, List<Map<String, Object>> attachments) {
        this(text, blocks, attachments, "");
    }

    /** This message carrying {@code id} as its correlation id. */
    public SlackMessage withCorrelationId(String id) {
        return new SlackMessage(text, blocks, attachments, id);
    }

    /** The body for an incoming webhook: {@code text}, {@code blocks}, {@code attachments}. */
    public Map<String, Object> webhookBody() {
        Map<String, Object> body = LinkedHashMap.newLinkedHashMap(3);
        putContent(body);
        return body;
    }

    /** {@code text}, then {@code blocks} and {@code attachments} when there are any. */
    private void putContent(Map<String, Object> body) {
        body.put("text", text);
        if (!blocks.isEmpty()) body.put("blocks", blocks);
        if (!attachments.isEmpty()) body.put("attachments", attachments);
    }

    /**
     * The body for {@code chat.postMessage}: the webhook body plus {@code channel} (and
     * {@code thread_ts}), and, with a correlation id, {@code metadata: {event_type:
     * "alertgate_notification", event_payload: {correlation_id}}} so that a message in Slack leads
     * back to the logs and the delivery trace.
     */
    public Map<String, Object> apiBody(String channel, String threadTs) {
        Map<String, Object> body = LinkedHashMap.newLinkedHashMap(6); // channel, thread_ts, the 3 above, metadata
        body.put("channel", channel);
        if (threadTs != null && !threadTs.isEmpty()) body.put("thread_ts", threadTs);
        putContent(body);
        if (!correlationId.isEmpty()) {
            body.put("metadata", Map.of("event_type", METADATA_EVENT_TYPE,
                    "event_payload", Map.of("correlation_id", correlationId)));
        }
        return body;
    }

    /** Most characters of {@link #text} Slack shows; longer text is truncated by Slack (changelog 2018-04). */
    public static final int MAX_TEXT_CHARS = 40_000;
    /** Most top-level blocks in one message. */
    public static final int MAX_BLOCKS = 50;
    /** Most characters of one context element's text. */
    public static final int MAX_CONTEXT_TEXT_CHARS = 3_000;

    /**
     * This message with the plain-text {@code line} (escaped here) shown first: as a context
     * block above the others, and at the start of the notification text. When the message already
     * has the most blocks Slack allows, the line goes into the text only, so nothing is dropped.
     */
    public SlackMessage withContextLine(String plain) {
        String line = Text.truncateMrkdwn(io.alertgate.template.Mrkdwn.escape(plain), MAX_CONTEXT_TEXT_CHARS);
        String newText = Text.truncateMrkdwn(line + "\n" + text, MAX_TEXT_CHARS);
        if (blocks.isEmpty() || blocks.size() >= MAX_BLOCKS) return new SlackMessage(newText, blocks, attachments, correlationId);
        List<Map<String, Object>> newBlocks = new java.util.ArrayList<>(blocks.size() + 1);
        newBlocks.add(Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text", line))));
        newBlocks.addAll(blocks);
        return new SlackMessage(newText, newBlocks, attachments, correlationId);
    }

    /** The degraded form sent after Slack refused the blocks: the notification text alone. */
    public SlackMessage textOnly() {
        return new SlackMessage(text, List.of(), List.of(), correlationId);
    }
}
