package io.alertgate.slack;

import io.alertgate.template.Mrkdwn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Slack side of escalations: the *Acknowledge* button (an interactive button, so it needs the
 * Slack app's interactivity URL pointing at {@code POST /slack/interactions}) and the message each
 * escalation step posts.
 */
public final class EscalationMessages {
    /** The {@code action_id} of the Acknowledge button; its {@code value} is the escalation id. */
    public static final String ACK_ACTION_ID = "alertgate_ack";
    private static final String ACK_LABEL = "Acknowledge";
    /** Button values are at most 2,000 characters (Block Kit button element). */
    private static final int MAX_BUTTON_VALUE = 2_000;

    private EscalationMessages() {}

    /** The Acknowledge button's actions block for escalation {@code escalationId}. */
    public static Map<String, Object> ackBlock(String escalationId) {
        if (escalationId.length() > MAX_BUTTON_VALUE) throw new IllegalArgumentException("escalation id too long");
        Map<String, Object> button = new LinkedHashMap<>();
        button.put("type", "button");
        button.put("action_id", ACK_ACTION_ID);
        button.put("style", "primary");
        button.put("text", Map.of("type", "plain_text", "text", ACK_LABEL));
        button.put("value", escalationId);
        return Map.of("type", "actions", "block_id", "alertgate_escalation", "elements", List.of(button));
    }

    /**
     * {@code message} with an Acknowledge button at the end of its top-level blocks. A message that
     * already has the most blocks Slack allows is returned unchanged: the alert matters more than
     * the button (it can still be acknowledged through the API).
     */
    public static SlackMessage withAckButton(SlackMessage message, String escalationId) {
        int attachmentBlocks = 0;
        for (Map<String, Object> a : message.attachments()) {
            if (a.get("blocks") instanceof List<?> l) attachmentBlocks += l.size();
        }
        if (message.blocks().size() + attachmentBlocks >= BlockKitLimits.MAX_BLOCKS_PER_MESSAGE) return message;
        List<Map<String, Object>> blocks = new ArrayList<>(message.blocks());
        if (blocks.isEmpty()) blocks.add(section(message.text()));
        blocks.add(ackBlock(escalationId));
        return new SlackMessage(message.text(), blocks, message.attachments());
    }

    /**
     * The message of one escalation step: which level, which alert, how long unanswered; with the
     * Acknowledge button when {@code ackButton}.
     *
     * @param alertname the group's alertname (escaped here); "" shows the group key instead
     * @param minutesOpen minutes since the escalation started
     */
    public static SlackMessage step(String tenant, String alertname, String groupKey, int level, long minutesOpen,
            String escalationId, boolean ackButton) {
        String what = Mrkdwn.escape(alertname.isEmpty() ? groupKey : alertname);
        String text = ":rotating_light: *Escalation level " + level + "*: *" + what + "* (tenant "
                + Mrkdwn.escape(tenant) + ") is still firing and not acknowledged after " + minutesOpen + " min.";
        text = Text.truncateMrkdwn(text, BlockKitLimits.MAX_SECTION_TEXT);
        List<Map<String, Object>> blocks = new ArrayList<>();
        blocks.add(section(text));
        if (ackButton) blocks.add(ackBlock(escalationId));
        return new SlackMessage(text, blocks, List.of());
    }

    private static Map<String, Object> section(String mrkdwn) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn",
                "text", Text.truncateMrkdwn(mrkdwn, BlockKitLimits.MAX_SECTION_TEXT)));
    }
}
