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

    /** Prints each message as one JSON line on standard output: the built-in example's sink. */
    record Console(String name) implements Destination {}
}
