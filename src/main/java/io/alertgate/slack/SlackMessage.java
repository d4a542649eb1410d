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
 */
public record SlackMessage(String text, List<Map<String, Object>> blocks, List<Map<String, Object>> attachments) {

    public SlackMessage {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("text must not be empty");
        blocks = List.copyOf(blocks);
        attachments = List.copyOf(attachments);
    }

    /** The body for an incoming webhook: {@code text}, {@code blocks}, {@code attachments}. */
    public Map<String, Object> webhookBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text);
        if (!blocks.isEmpty()) body.put("blocks", blocks);
        if (!attachments.isEmpty()) body.put("attachments", attachments);
        return body;
    }

    /** The body for {@code chat.postMessage}: the webhook body plus {@code channel} (and {@code thread_ts}). */
    public Map<String, Object> apiBody(String channel, String threadTs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", channel);
        if (threadTs != null && !threadTs.isEmpty()) body.put("thread_ts", threadTs);
        body.putAll(webhookBody());
        return body;
    }
}
