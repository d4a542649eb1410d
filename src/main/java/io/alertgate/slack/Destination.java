package io.alertgate.slack;

import io.alertgate.secrets.Secret;
import java.net.URI;

/**
 * Where one Slack message goes. {@link #name()} is safe to log and to use as a metric label; the
 * URL or token inside is a {@link Secret} and never is.
 */
public sealed interface Destination {

    /** Display and metric name: {@code webhook:NAME}, {@code #channel}, {@code C0123}, {@code @user}, {@code console}. */
    String name();

    /** An incoming webhook: one URL, one channel. Answers the text {@code ok} on success. */
    record Webhook(String name, Secret url) implements Destination {}

    /**
     * A Web API {@code chat.postMessage} target: a channel name/ID or a user ID (direct message).
     *
     * @param channel the {@code channel} argument: {@code #name}, a channel ID or a user ID
     * @param apiBase Slack Web API base URL, {@code https://slack.com/api/} unless configured (tests)
     */
    record Channel(String name, String channel, Secret botToken, URI apiBase) implements Destination {}

    /**
     * A follow-up to a message already posted with {@code chat.postMessage}: {@link Action#UPDATE}
     * replaces it ({@code chat.update}; when Slack answers {@code message_not_found} or
     * {@code cant_update_message} the transport posts a new parent instead), {@link Action#REPLY}
     * posts in its thread ({@code thread_ts}). Webhooks cannot edit, so they never get one.
     *
     * @param name the original destination's name, so the same lane, breaker and fallback apply
     * @param channel the channel ID Slack answered the original post with
     * @param ts the original message's timestamp (Slack's message id)
     */
    record Followup(String name, String channel, String ts, Secret botToken, URI apiBase, Action action)
            implements Destination {
        /** What the follow-up does to the original message. */
        public enum Action { UPDATE, REPLY }
    }

    /** Prints each message as one JSON line on standard output: the built-in example's sink. */
    record Console(String name) implements Destination {}

    /**
     * A destination known only by name: a message read back from the durable outbox or dead letters
     * whose destination is no longer in the config. Sending to it fails as {@code CHANNEL_GONE}
     * with the error code {@link #ERROR_CODE}, so it goes to the fallback or becomes a dead letter.
     */
    record Unresolved(String name) implements Destination {
        /** The error code a send to it fails with. */
        public static final String ERROR_CODE = "destination_not_configured";
    }
}
