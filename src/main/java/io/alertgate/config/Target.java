package io.alertgate.config;

/**
 * A resolved routing target, checked at load time so that a typo fails the config load rather than
 * a notification at 3 a.m. Spellings in YAML:
 * <ul>
 *   <li>{@code #channel} or a channel ID ({@code C0123ABC}, {@code G…}) → {@link Channel}, sent with the bot token;
 *   <li>{@code webhook:NAME} → {@link Webhook}, the URL from the tenant's {@code webhooks} map;
 *   <li>{@code @name} → {@link User}, the Slack user ID from the tenant's {@code users} map (direct message);
 *   <li>{@code console} → {@link Console}, one JSON line per message on standard output.
 * </ul>
 */
public sealed interface Target {

    /** The target as written in the config; safe to log and to use as a metric label. */
    String spec();

    record Channel(String spec, String channel) implements Target {}

    record Webhook(String spec, String webhookName) implements Target {}

    record User(String spec, String userName, String userId) implements Target {}

    record Console(String spec) implements Target {}
}
