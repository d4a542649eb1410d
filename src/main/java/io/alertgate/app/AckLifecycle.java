package io.alertgate.app;

import io.alertgate.alert.Priority;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.MessageMode;
import io.alertgate.config.TenantConfig;
import io.alertgate.delivery.Delivery;
import io.alertgate.delivery.Outbox;
import io.alertgate.escalation.AckAnnouncer;
import io.alertgate.secrets.Secret;
import io.alertgate.slack.Destination;
import io.alertgate.slack.LifecycleMessages;
import io.alertgate.slack.SlackMessage;
import io.alertgate.store.EscalationRecord;
import io.alertgate.store.MessageRef;
import io.alertgate.store.MessageRefStore;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Tells Slack of an acknowledgement: every message the group posted (remembered by
 * {@link EscalationWiring#rememberMessages}) gets, per its route's {@code message_mode}, an edit
 * ({@code chat.update}: ACKNOWLEDGED, purple, who, how long, no Acknowledge button) and/or a reply in
 * its thread, or a new message; webhooks, which cannot edit, get a new message. Everything goes
 * through the outbox, so it shares the destinations' rate limits, breakers and retries, and an edit
 * of a message Slack no longer has posts a new parent that is re-linked (as on resolve).
 */
final class AckLifecycle implements AckAnnouncer {
    private static final System.Logger LOG = System.getLogger("io.alertgate.app");
    /** After the group's own messages (critical first) and before routine traffic. */
    static final Priority PRIORITY = Priority.HIGH;

    /** The serving config: a reload's {@code message_mode}, bot token and webhooks apply to the next acknowledgement. */
    private final Supplier<GatewayConfig> config;
    private final MessageRefStore messages;
    private final Outbox outbox;

    AckLifecycle(Supplier<GatewayConfig> config, MessageRefStore messages, Outbox outbox) {
        this.config = config;
        this.messages = messages;
        this.outbox = outbox;
    }

    @Override
    public void announce(EscalationRecord acked) {
        GatewayConfig config = this.config.get();
        Optional<TenantConfig> tenant = config.tenant(acked.tenant());
        if (tenant.isEmpty()) return;
        Map<String, MessageRef> posted = messages.all(acked.tenant(), acked.groupKey());
        for (Delivery d : deliveries(config.server().slackApiUrl(), tenant.get(), acked, posted)) {
            if (!outbox.enqueue(d)) {
                LOG.log(System.Logger.Level.WARNING, "acknowledgement of {0} not sent to {1}: outbox refused it",
                        acked.id(), d.destination().name());
            }
        }
    }

    /** What {@link #announce} enqueues, by remembered destination (sorted by name, so the order is stable). */
    static List<Delivery> deliveries(URI api, TenantConfig t, EscalationRecord acked, Map<String, MessageRef> posted) {
        Duration since = Duration.ofMillis(Math.max(0, acked.endedAtMillis() - acked.startedAtMillis()));
        SlackMessage reply = LifecycleMessages.acknowledgedReply(acked.alertname(), acked.endedBy(), since);
        String correlation = "ack:" + acked.id();
        List<Delivery> out = new ArrayList<>();
        for (String name : posted.keySet().stream().sorted().toList()) {
            MessageRef ref = posted.get(name);
            List<Destination> to = new ArrayList<>();
            List<SlackMessage> what = new ArrayList<>();
            if (ref.isWebhook()) {
                Secret url = name.startsWith("webhook:") ? t.webhooks().get(name.substring("webhook:".length())) : null;
                if (url == null) continue; // removed by a reload
                to.add(new Destination.Webhook(name, url));
                what.add(reply);
            } else {
                if (t.botToken().isEmpty()) continue;
                Secret token = t.botToken().get();
                MessageMode mode = MessageMode.forDestination(t, name);
                Optional<SlackMessage> original = LifecycleMessages.fromJson(ref.body());
                if (mode == MessageMode.NEW) {
                    to.add(new Destination.Channel(name, ref.channel(), token, api));
                    what.add(reply);
                }
                // Without the kept original an edit could only blank the message: it is told in the thread only.
                if (mode.edits() && original.isPresent()) {
                    to.add(new Destination.Followup(name, ref.channel(), ref.ts(), token, api,
                            Destination.Followup.Action.UPDATE));
                    what.add(LifecycleMessages.acknowledgedParent(original.get(), acked.endedBy(), since));
                }
                if (mode.replies() || mode.edits() && original.isEmpty()) {
                    to.add(new Destination.Followup(name, ref.channel(), ref.ts(), token, api,
                            Destination.Followup.Action.REPLY));
                    what.add(reply);
                }
            }
            for (int i = 0; i < to.size(); i++) {
                out.add(new Delivery(t.id(), acked.groupKey(), to.get(i), what.get(i).withCorrelationId(correlation),
                        PRIORITY, correlation, acked.alertname()));
            }
        }
        return out;
    }
}
