package io.alertgate.store;

/**
 * Where Slack put a message ({@code chat.postMessage} answer): what {@code chat.update} and a
 * threaded reply ({@code thread_ts}) need.
 *
 * @param channel the channel ID Slack answered with ({@code C…}, {@code D…}), not the name
 * @param ts the message timestamp, Slack's message id ({@code "1700000000.000100"})
 */
public record MessageRef(String channel, String ts) {
    public MessageRef {
        if (channel == null || channel.isEmpty()) throw new IllegalArgumentException("channel must not be empty");
        if (ts == null || ts.isEmpty()) throw new IllegalArgumentException("ts must not be empty");
    }
}
