package io.alertgate.delivery;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.alert.Priority;
import io.alertgate.slack.Destination;
import io.alertgate.slack.SlackMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link Delivery} as flat string fields, as the durable outbox and the Redis dead letters keep it:
 * the rendered Slack message (text, blocks and attachments as JSON), the destination by name (and,
 * for a follow-up, the channel, ts and action), the priority, tenant, group key, correlation id and
 * alertname — never a webhook URL or token. Decoding finds the destination again in the config through
 * a {@link DestinationResolver}; one no longer configured comes back as {@link Destination.Unresolved}.
 */
public final class DeliveryCodec {
    static final String TENANT = "tenant";
    static final String GROUP_KEY = "group_key";
    static final String DESTINATION = "destination";
    static final String FOLLOWUP = "followup";
    static final String PRIORITY = "priority";
    static final String CORRELATION_ID = "correlation_id";
    static final String ALERTNAME = "alertname";
    static final String TEXT = "text";
    static final String BLOCKS = "blocks";
    static final String ATTACHMENTS = "attachments";
    static final String MESSAGE_CORRELATION_ID = "message_correlation_id";

    private final DestinationResolver resolver;

    public DeliveryCodec(DestinationResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The fields of {@code d}, in a stable order. */
    public static Map<String, String> encode(Delivery d) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(TENANT, d.tenant());
        f.put(GROUP_KEY, d.groupKey());
        f.put(DESTINATION, d.destination().name());
        if (d.destination() instanceof Destination.Followup u) {
            f.put(FOLLOWUP, u.action().name() + " " + u.channel() + " " + u.ts());
        }
        f.put(PRIORITY, d.priority().name());
        f.put(CORRELATION_ID, d.correlationId());
        f.put(ALERTNAME, d.alertname());
        SlackMessage m = d.message();
        f.put(TEXT, m.text());
        f.put(BLOCKS, json(m.blocks()));
        f.put(ATTACHMENTS, json(m.attachments()));
        f.put(MESSAGE_CORRELATION_ID, m.correlationId());
        return f;
    }

    /**
     * The delivery the fields describe, its destination resolved in the current config.
     *
     * @throws IllegalArgumentException when a field is missing or malformed (an entry not written by {@link #encode})
     */
    public Delivery decode(Map<String, String> f) {
        String tenant = required(f, TENANT);
        String name = required(f, DESTINATION);
        Destination destination = resolver.resolve(tenant, name).orElse(null);
        String followup = f.get(FOLLOWUP);
        if (followup != null) {
            String[] p = followup.split(" ", 3);
            if (p.length != 3) throw new IllegalArgumentException("outbox entry: malformed " + FOLLOWUP);
            destination = destination instanceof Destination.Channel c
                    ? new Destination.Followup(name, p[1], p[2], c.botToken(), c.apiBase(),
                            Destination.Followup.Action.valueOf(p[0]))
                    : null;
        }
        if (destination == null) destination = new Destination.Unresolved(name);
        SlackMessage message = new SlackMessage(required(f, TEXT), list(f.get(BLOCKS)), list(f.get(ATTACHMENTS)),
                f.getOrDefault(MESSAGE_CORRELATION_ID, ""));
        return new Delivery(tenant, f.getOrDefault(GROUP_KEY, ""), destination, message,
                Priority.valueOf(required(f, PRIORITY)), f.getOrDefault(CORRELATION_ID, ""), f.getOrDefault(ALERTNAME, ""));
    }

    private static String required(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null) throw new IllegalArgumentException("outbox entry: no " + name);
        return v;
    }

    private static String json(List<Map<String, Object>> value) {
        try {
            return JSON.std.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(String json) {
        if (json == null || json.isEmpty()) return List.of();
        try {
            return (List<Map<String, Object>>) (List<?>) JSON.std.listFrom(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("outbox entry: blocks or attachments are not a JSON array", e);
        }
    }
}
