package io.alertgate.slack;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.template.Mrkdwn;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The messages of a posted message's lifecycle: the edited parent ({@code chat.update}) and the
 * short event posted in its thread. The edited parent keeps the formatter's
 * resolved colour (green) on resolve, and turns {@link #COLOR_ACKNOWLEDGED} on acknowledge.
 */
public final class LifecycleMessages {
    private LifecycleMessages() {}

    /** Status line shown first in a resolved parent. */
    public static final String RESOLVED = "RESOLVED";

    /**
     * The parent as edited on resolve: {@code resolved} (already formatted, green) with the status
     * line {@link #RESOLVED} first.
     */
    public static SlackMessage resolvedParent(SlackMessage resolved) {
        return resolved.withContextLine(RESOLVED);
    }

    /**
     * The thread reply announcing the resolve: one line of plain text (escaped here).
     *
     * @param alertname the group's {@code alertname}, "" when none
     * @param resolvedAlerts how many alerts of the group resolved
     */
    public static SlackMessage resolvedReply(String alertname, int resolvedAlerts, String correlationId) {
        String what = alertname.isEmpty() ? "alert group" : alertname;
        String line = ":white_check_mark: " + io.alertgate.template.Mrkdwn.escape(what) + " resolved ("
                + resolvedAlerts + (resolvedAlerts == 1 ? " alert)" : " alerts)");
        return new SlackMessage(line, List.of(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", line))),
                List.of(), correlationId);
    }

    /** Status line shown first in an acknowledged parent. */
    public static final String ACKNOWLEDGED = "ACKNOWLEDGED";
    /** Colour bar of an acknowledged group: purple, distinct from every severity and from resolved green. */
    public static final String COLOR_ACKNOWLEDGED = "#8E44AD";
    /** The {@code block_id} of the status line an acknowledgement puts first (replaced, never stacked). */
    public static final String STATUS_BLOCK_ID = "alertgate_status";
    /** Slack user IDs ({@code U…}, {@code W…} for Enterprise Grid): the only text put inside {@code <@…>}. */
    private static final Pattern SLACK_USER_ID = Pattern.compile("[UW][A-Z0-9]{2,20}");

    /**
     * Who acknowledged, as mrkdwn: {@code <@U…>} (a mention Slack renders as the user's name) when
     * {@code endedBy} is {@code slack:U…} — the id comes from the signed interaction's {@code user.id},
     * never from alert data, and must look like a Slack user ID; {@code the API} or
     * {@code the API (name)} (escaped) for {@code api} / {@code api:name}; "someone" otherwise.
     */
    public static String acknowledger(String endedBy) {
        if (endedBy.startsWith("slack:")) {
            String rest = endedBy.substring("slack:".length());
            int space = rest.indexOf(' ');
            String id = space < 0 ? rest : rest.substring(0, space);
            return SLACK_USER_ID.matcher(id).matches() ? "<@" + id + ">" : "a Slack user";
        }
        if (endedBy.equals("api")) return "the API";
        if (endedBy.startsWith("api:")) return "the API (" + Mrkdwn.escape(endedBy.substring(4)) + ")";
        return "someone";
    }

    /** {@code 45 s}, {@code 12 min}, {@code 2 h 5 min}: how long after the first notification. */
    public static String elapsed(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        if (seconds < 60) return seconds + " s";
        long minutes = seconds / 60;
        if (minutes < 60) return minutes + " min";
        return minutes / 60 + " h " + minutes % 60 + " min";
    }

    /** The status line: {@code *ACKNOWLEDGED* by <@U…> 12 min after the first notification}. */
    static String acknowledgedLine(String endedBy, Duration sinceFirst) {
        return "*" + ACKNOWLEDGED + "* by " + acknowledger(endedBy) + " " + elapsed(sinceFirst)
                + " after the first notification";
    }

    /**
     * The parent as edited on acknowledge: {@code original} (as posted) with the Acknowledge button
     * removed (other buttons stay; an actions block left empty goes), every attachment's colour bar
     * {@link #COLOR_ACKNOWLEDGED}, and the status line first — as a context block with
     * {@link #STATUS_BLOCK_ID} (replacing an earlier one) and at the start of the notification text.
     *
     * @param endedBy the record's {@code endedBy} ({@code slack:U…}, {@code api[:name]})
     * @param sinceFirst from the group's first notification to the acknowledgement
     */
    public static SlackMessage acknowledgedParent(SlackMessage original, String endedBy, Duration sinceFirst) {
        String line = acknowledgedLine(endedBy, sinceFirst);
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (Map<String, Object> b : original.blocks()) {
            if (STATUS_BLOCK_ID.equals(b.get("block_id"))) continue;
            Optional<Map<String, Object>> kept = withoutAckButton(b);
            kept.ifPresent(blocks::add);
        }
        if (!blocks.isEmpty() && blocks.size() < SlackMessage.MAX_BLOCKS) {
            blocks.addFirst(Map.of("type", "context", "block_id", STATUS_BLOCK_ID,
                    "elements", List.of(Map.of("type", "mrkdwn", "text", line))));
        }
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (Map<String, Object> a : original.attachments()) {
            Map<String, Object> recoloured = new LinkedHashMap<>(a);
            recoloured.put("color", COLOR_ACKNOWLEDGED);
            attachments.add(recoloured);
        }
        String text = Text.truncateMrkdwn(line + "\n" + original.text(), SlackMessage.MAX_TEXT_CHARS);
        return new SlackMessage(text, blocks, attachments, original.correlationId());
    }

    /** {@code block} without the Acknowledge button; empty when nothing of it is left. */
    private static Optional<Map<String, Object>> withoutAckButton(Map<String, Object> block) {
        if (!"actions".equals(block.get("type")) || !(block.get("elements") instanceof List<?> elements)) {
            return Optional.of(block);
        }
        List<Object> left = new ArrayList<>();
        for (Object e : elements) {
            if (!(e instanceof Map<?, ?> m && EscalationMessages.ACK_ACTION_ID.equals(m.get("action_id")))) left.add(e);
        }
        if (left.size() == elements.size()) return Optional.of(block);
        if (left.isEmpty()) return Optional.empty();
        Map<String, Object> copy = new LinkedHashMap<>(block);
        copy.put("elements", left);
        return Optional.of(copy);
    }

    /**
     * The event told in the parent's thread (or, for webhooks and {@code message_mode: new}, as a
     * new message): one mrkdwn line.
     *
     * @param alertname the group's {@code alertname} (escaped here), "" when none
     */
    public static SlackMessage acknowledgedReply(String alertname, String endedBy, Duration sinceFirst) {
        String what = alertname.isEmpty() ? "alert group" : Mrkdwn.escape(alertname);
        String line = ":eyes: " + what + " " + acknowledgedLine(endedBy, sinceFirst);
        line = Text.truncateMrkdwn(line, BlockKitLimits.MAX_SECTION_TEXT);
        return new SlackMessage(line, List.of(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", line))),
                List.of(), "");
    }

    /**
     * True for a message whose JSON is kept with its (channel, ts) so that an acknowledgement can
     * edit it: one with an Acknowledge button, or an acknowledged parent (it may be acknowledged
     * again after its acknowledgement expired and re-armed).
     */
    public static boolean keepsBody(SlackMessage m) {
        for (Map<String, Object> b : m.blocks()) {
            if (STATUS_BLOCK_ID.equals(b.get("block_id"))) return true;
            if ("actions".equals(b.get("type")) && b.get("elements") instanceof List<?> els) {
                for (Object e : els) {
                    if (e instanceof Map<?, ?> x && EscalationMessages.ACK_ACTION_ID.equals(x.get("action_id"))) return true;
                }
            }
        }
        return false;
    }

    /** {@code m} as kept JSON: {@code text}, {@code blocks}, {@code attachments} (its webhook body). */
    public static String toJson(SlackMessage m) {
        try {
            return JSON.std.asString(m.webhookBody());
        } catch (IOException e) {
            throw new IllegalStateException("a message of maps and lists always serialises", e);
        }
    }

    /** The message kept by {@link #toJson}; empty for "" or anything that is not such JSON. */
    @SuppressWarnings("unchecked")
    public static Optional<SlackMessage> fromJson(String json) {
        if (json == null || json.isBlank()) return Optional.empty();
        try {
            Map<String, Object> m = JSON.std.mapFrom(json);
            if (!(m.get("text") instanceof String text)) return Optional.empty();
            List<Map<String, Object>> blocks = m.get("blocks") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
            List<Map<String, Object>> attachments = m.get("attachments") instanceof List<?> l
                    ? (List<Map<String, Object>>) l : List.of();
            return Optional.of(new SlackMessage(text, blocks, attachments));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
