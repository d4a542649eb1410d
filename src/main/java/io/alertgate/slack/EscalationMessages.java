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

    /** The {@code action_id}s of the Silence buttons; their {@code value} is {@link #silenceValue}. */
    public static final String SILENCE_1H_ACTION_ID = "alertgate_silence_1h";
    public static final String SILENCE_4H_ACTION_ID = "alertgate_silence_4h";

    /**
     * The Acknowledge button, and *Silence 1h* / *Silence 4h* when {@code silenceButtons} (the tenant
     * has an {@code alertmanager.url} and the group has labels to silence). The silence buttons carry
     * the escalation id only: the gateway silences the labels it stored for that escalation, never
     * labels a button claims (a payload signed with a leaked secret could otherwise silence anything).
     */
    public static Map<String, Object> ackBlock(String escalationId, boolean silenceButtons) {
        Map<String, Object> ack = ackBlock(escalationId);
        if (!silenceButtons) return ack;
        String value = silenceValue(escalationId);
        if (value.length() > MAX_BUTTON_VALUE) return ack;
        List<Object> elements = new ArrayList<>((List<?>) ack.get("elements"));
        elements.add(silenceButton(SILENCE_1H_ACTION_ID, "Silence 1h", value));
        elements.add(silenceButton(SILENCE_4H_ACTION_ID, "Silence 4h", value));
        return Map.of("type", "actions", "block_id", "alertgate_escalation", "elements", List.copyOf(elements));
    }

    /**
     * A Silence button's value: {@code {"id": escalation id}}. Buttons posted by older versions also
     * carry {@code "matchers"}; they are accepted and their matchers ignored.
     */
    public static String silenceValue(String escalationId) {
        try {
            return com.fasterxml.jackson.jr.ob.JSON.std.asString(Map.of("id", escalationId));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write a button value", e);
        }
    }

    private static Map<String, Object> silenceButton(String actionId, String label, String value) {
        Map<String, Object> button = new LinkedHashMap<>();
        button.put("type", "button");
        button.put("action_id", actionId);
        button.put("text", Map.of("type", "plain_text", "text", label));
        button.put("value", value);
        return button;
    }

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
        return withAckButton(message, escalationId, false);
    }

    /** As above, with the Silence buttons when {@code silenceButtons} (see {@link #ackBlock(String, boolean)}). */
    public static SlackMessage withAckButton(SlackMessage message, String escalationId, boolean silenceButtons) {
        int attachmentBlocks = 0;
        for (Map<String, Object> a : message.attachments()) {
            if (a.get("blocks") instanceof List<?> l) attachmentBlocks += l.size();
        }
        if (message.blocks().size() + attachmentBlocks >= BlockKitLimits.MAX_BLOCKS_PER_MESSAGE) return message;
        List<Map<String, Object>> blocks = new ArrayList<>(message.blocks());
        if (blocks.isEmpty()) blocks.add(section(message.text()));
        blocks.add(ackBlock(escalationId, silenceButtons));
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
        return step(tenant, alertname, groupKey, level, minutesOpen, escalationId, ackButton, false);
    }

    /**
     * As above, with *Silence 1h* / *Silence 4h* beside Acknowledge when {@code silenceButtons} (the
     * escalation kept labels to silence, and the tenant has an {@code alertmanager}).
     */
    public static SlackMessage step(String tenant, String alertname, String groupKey, int level, long minutesOpen,
            String escalationId, boolean ackButton, boolean silenceButtons) {
        return step(tenant, alertname, groupKey, level, minutesOpen, escalationId, ackButton, silenceButtons, "", null);
    }

    /**
     * As above; when {@code expiredAckBy} is not empty this step follows the expiry of the acknowledgement
     * {@code expiredAckBy} gave at {@code expiredAckAt} (ack_expiry_minutes), and the message says so.
     */
    public static SlackMessage step(String tenant, String alertname, String groupKey, int level, long minutesOpen,
            String escalationId, boolean ackButton, boolean silenceButtons, String expiredAckBy,
            java.time.Instant expiredAckAt) {
        String what = Mrkdwn.escape(alertname.isEmpty() ? groupKey : alertname);
        String head = ":rotating_light: *Escalation level " + level + "*: *" + what + "* (tenant " + Mrkdwn.escape(tenant) + ") ";
        String text = expiredAckBy.isEmpty()
                ? head + "is still firing and not acknowledged after " + minutesOpen + " min."
                : head + "is still firing: the acknowledgement by " + Mrkdwn.escape(expiredAckBy) + " at "
                        + expiredAckAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " expired ("
                        + minutesOpen + " min since it started).";
        text = Text.truncateMrkdwn(text, BlockKitLimits.MAX_SECTION_TEXT);
        List<Map<String, Object>> blocks = new ArrayList<>();
        blocks.add(section(text));
        if (ackButton) blocks.add(ackBlock(escalationId, silenceButtons));
        return new SlackMessage(text, blocks, List.of());
    }

    private static Map<String, Object> section(String mrkdwn) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn",
                "text", Text.truncateMrkdwn(mrkdwn, BlockKitLimits.MAX_SECTION_TEXT)));
    }
}
