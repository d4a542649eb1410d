package io.alertgate.store;

/**
 * Where Slack put a message ({@code chat.postMessage} answer): what {@code chat.update} and a
 * threaded reply ({@code thread_ts}) need.
 *
 * @param channel the channel ID Slack answered with ({@code C…}, {@code D…}), not the name;
 *     {@link #WEBHOOK_CHANNEL} for a post to an incoming webhook (which has no ID and cannot be edited)
 * @param ts the message timestamp, Slack's message id ({@code "1700000000.000100"})
 * @param body the posted message as JSON ({@code text}, {@code blocks}, {@code attachments}), kept
 *     for messages an acknowledgement will edit (those with an Acknowledge button); "" otherwise
 */
public record MessageRef(String channel, String ts, String body) {
    /** The {@link #channel} of a webhook post: Slack channel IDs are upper-case letters and digits. */
    public static final String WEBHOOK_CHANNEL = "webhook";
    private static final String WEBHOOK_TS = "-";

    public MessageRef {
        if (channel == null || channel.isEmpty()) throw new IllegalArgumentException("channel must not be empty");
        if (ts == null || ts.isEmpty()) throw new IllegalArgumentException("ts must not be empty");
        if (channel.contains(" ") || ts.contains(" ")) throw new IllegalArgumentException("channel and ts have no spaces");
        body = body == null ? "" : body;
    }

    public MessageRef(String channel, String ts) {
        this(channel, ts, "");
    }

    /** A post to an incoming webhook: remembered so that an acknowledgement posts there too. */
    public static MessageRef webhook() {
        return new MessageRef(WEBHOOK_CHANNEL, WEBHOOK_TS, "");
    }

    /** True for {@link #webhook()}. */
    public boolean isWebhook() {
        return WEBHOOK_CHANNEL.equals(channel) && WEBHOOK_TS.equals(ts);
    }
}
