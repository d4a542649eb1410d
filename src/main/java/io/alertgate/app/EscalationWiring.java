package io.alertgate.app;

import io.alertgate.alert.Priority;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.Target;
import io.alertgate.config.TenantConfig;
import io.alertgate.delivery.Delivery;
import io.alertgate.delivery.DeliveryEvent;
import io.alertgate.delivery.DeliveryListener;
import io.alertgate.delivery.Outbox;
import io.alertgate.escalation.EscalationListener;
import io.alertgate.escalation.EscalationPolicy;
import io.alertgate.escalation.Escalations;
import io.alertgate.escalation.StepPoster;
import io.alertgate.http.AuditTrail;
import io.alertgate.http.EscalationAccess;
import io.alertgate.silence.AlertmanagerSilences;
import io.alertgate.silence.Silencer;
import io.alertgate.pipeline.Pipeline;
import io.alertgate.pipeline.PostedMessages;
import io.alertgate.slack.Destination;
import io.alertgate.slack.EscalationMessages;
import io.alertgate.slack.LifecycleMessages;
import io.alertgate.slack.SlackMessage;
import io.alertgate.store.InMemoryStateStore;
import io.alertgate.store.MessageRef;
import io.alertgate.store.RedisObserver;
import io.alertgate.store.RedisStateStore;
import io.alertgate.store.StateStore;
import io.alertgate.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Assembles the state store (Redis when {@code redis.url} is set, else in memory), the escalation
 * scheduler and what HTTP needs for acknowledgements; kept apart from {@link Gateway} so the
 * gateway's own wiring stays short.
 */
final class EscalationWiring {
    private static final System.Logger LOG = System.getLogger("io.alertgate.app");

    private EscalationWiring() {}

    /** The store the config asks for. */
    static StateStore store(GatewayConfig config) {
        return store(config, RedisObserver.NONE);
    }

    /** The store the config asks for; {@code observer} is told of every Redis call (metrics). */
    static StateStore store(GatewayConfig config, RedisObserver observer) {
        return config.redis()
                .<StateStore>map(r -> new RedisStateStore(RedisWiring.endpoint(r), r.timeout(), r.poolSize(), observer))
                .orElseGet(InMemoryStateStore::new);
    }

    /** The scheduler for every tenant's policy; its steps go through {@code outbox}. */
    static Escalations escalations(GatewayConfig config, StateStore store, Outbox outbox, Clock clock) {
        return escalations(() -> config, store, outbox, clock, EscalationListener.NONE);
    }

    /**
     * As above, reading the serving config at use time: a reload's escalation policies, targets,
     * signing secrets, Alertmanager sections and message modes apply to the next step or
     * acknowledgement; {@code listener} is told of steps fired and acknowledgements (metrics).
     */
    static Escalations escalations(Supplier<GatewayConfig> config, StateStore store, Outbox outbox, Clock clock,
            EscalationListener listener) {
        return new Escalations(store, new PerConfig<>(config, EscalationWiring::policies), poster(config, outbox, clock),
                clock, Escalations.randomIds(), listener, new AckLifecycle(config, store, outbox));
    }

    /** Each tenant's escalation policy, by tenant id. */
    static Map<String, EscalationPolicy> policies(GatewayConfig config) {
        Map<String, EscalationPolicy> policies = new HashMap<>();
        for (TenantConfig t : config.tenants().values()) policies.put(t.id(), EscalationPolicy.of(t.escalation()));
        return Map.copyOf(policies);
    }

    /**
     * Posts a step to each of its level's targets as a CRITICAL delivery (so it goes first and is
     * never merged into a storm digest), with an Acknowledge button when the tenant can verify
     * Slack's answer (has a signing secret). Reads the serving config for every step.
     */
    static StepPoster poster(Supplier<GatewayConfig> current, Outbox outbox, Clock clock) {
        return (e, step, level) -> {
            GatewayConfig config = current.get();
            TenantConfig t = config.tenant(e.tenant()).orElse(null);
            if (t == null) return true; // the tenant was removed by a reload: nothing to post to
            long minutes = Duration.ofMillis(Math.max(0, clock.millis() - e.startedAtMillis())).toMinutes();
            SlackMessage message = EscalationMessages.step(t.id(), e.alertname(), e.groupKey(), level.level(), minutes,
                    e.id(), t.signingSecret().isPresent(), t.alertmanager().isPresent() && !e.silenceLabels().isEmpty(),
                    e.endedBy(), java.time.Instant.ofEpochMilli(e.endedAtMillis()));
            boolean all = true;
            for (Target target : level.targets()) {
                all &= outbox.enqueue(new Delivery(t.id(), e.groupKey(),
                        Pipeline.destination(config.server().slackApiUrl(), t, target), message, Priority.CRITICAL,
                        "escalation:" + e.id() + ":" + step, e.alertname()));
            }
            return all;
        };
    }

    /**
     * Remembers (channel, ts) of every message Slack accepted through the Web API, for updates and
     * threads — with the message's JSON when an acknowledgement will edit it
     * ({@link LifecycleMessages#keepsBody}) — and that an escalating group reached a webhook, so its
     * acknowledgement is posted there too.
     */
    static DeliveryListener rememberMessages(StateStore store, DeliveryListener next) {
        return event -> {
            if (event instanceof DeliveryEvent.Attempted a && a.result().ok()
                    && a.delivery().destination() instanceof Destination.Webhook
                    && LifecycleMessages.keepsBody(a.delivery().message())) {
                try {
                    store.remember(a.delivery().tenant(), a.delivery().groupKey(), a.delivery().destination().name(),
                            MessageRef.webhook());
                } catch (StoreException ex) {
                    LOG.log(System.Logger.Level.DEBUG, "webhook post not kept: {0}", ex.getMessage());
                }
            }
            // A thread reply's ts is not the group's message: remembering it would re-link the group to the reply.
            if (event instanceof DeliveryEvent.Attempted a && a.result().ok() && !a.result().ts().isEmpty()
                    && !a.result().channel().isEmpty()
                    && !(a.delivery().destination() instanceof Destination.Followup f
                            && f.action() == Destination.Followup.Action.REPLY)) {
                try {
                    store.remember(a.delivery().tenant(), a.delivery().groupKey(), a.delivery().destination().name(),
                            new MessageRef(a.result().channel(), a.result().ts(),
                                    LifecycleMessages.keepsBody(a.delivery().message())
                                            ? LifecycleMessages.toJson(a.delivery().message()) : ""));
                } catch (StoreException | IllegalArgumentException ex) {
                    LOG.log(System.Logger.Level.DEBUG, "message reference not kept: {0}", ex.getMessage());
                }
            }
            next.on(event);
        };
    }

    /** The group's earlier Web API posts, for edits on resolve; an unreachable store means "post anew". */
    static PostedMessages postedMessages(StateStore store) {
        return (tenant, groupKey, destination) -> {
            try {
                return store.find(tenant, groupKey, destination);
            } catch (StoreException e) {
                LOG.log(System.Logger.Level.DEBUG, "message reference not read: {0}", e.getMessage());
                return java.util.Optional.empty();
            }
        };
    }

    /** What the interaction and escalation endpoints need; signing secrets as bytes, never logged. */
    static EscalationAccess access(GatewayConfig config, Escalations escalations, Clock clock) {
        return new EscalationAccess(escalations, signingKeys(config), clock);
    }

    /** Each tenant's {@code app_config.signing_secret}, as UTF-8 bytes. */
    static List<EscalationAccess.SigningKey> signingKeys(GatewayConfig config) {
        List<EscalationAccess.SigningKey> keys = new ArrayList<>();
        for (TenantConfig t : config.tenants().values()) {
            t.signingSecret().ifPresent(s -> keys.add(
                    new EscalationAccess.SigningKey(t.id(), s.reveal().getBytes(StandardCharsets.UTF_8))));
        }
        return keys;
    }

    /**
     * As above, plus each tenant's Alertmanager for the Silence buttons and the audit they write to,
     * rebuilt from the serving config after each reload (signing secrets, {@code alertmanager}
     * sections and {@code server.slack_response_url_prefix} apply to the next interaction). A
     * tenant whose {@code alertmanager} section did not change keeps its client (and connections).
     */
    static Supplier<EscalationAccess> access(Supplier<GatewayConfig> config, Escalations escalations, Clock clock,
            AuditTrail audit) {
        Map<TenantConfig.AlertmanagerApi, Silencer> clients = new ConcurrentHashMap<>();
        return new PerConfig<>(config, c -> {
            Map<String, Silencer> silencers = new HashMap<>();
            for (TenantConfig t : c.tenants().values()) {
                t.alertmanager().ifPresent(a -> silencers.put(t.id(), clients.computeIfAbsent(a, EscalationWiring::silencer)));
            }
            // Clients of sections no tenant uses any more are dropped (their connections close with them).
            clients.keySet().retainAll(c.tenants().values().stream().flatMap(t -> t.alertmanager().stream()).toList());
            return new EscalationAccess(escalations, signingKeys(c), clock, silencers, audit,
                    c.server().slackResponseUrlPrefix());
        });
    }

    /** A client for a tenant's {@code alertmanager} section (the Silence buttons). */
    private static Silencer silencer(TenantConfig.AlertmanagerApi a) {
        return new AlertmanagerSilences(a.url(), a.timeout(), a.bearerToken(), a.basicUsername(), a.basicPassword());
    }
}
