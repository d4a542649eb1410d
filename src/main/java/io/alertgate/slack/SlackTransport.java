package io.alertgate.slack;

/**
 * Sends one message to one destination, once. No retries here: the caller's retry stage reads
 * {@link SendResult#reason()} and decides. Never throws for a Slack or network failure.
 */
@FunctionalInterface
public interface SlackTransport {
    SendResult send(Destination destination, SlackMessage message);
}
