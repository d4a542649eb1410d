package io.alertgate.app;

import io.alertgate.config.GatewayConfig;
import io.alertgate.config.RedisConfig;
import io.alertgate.config.TenantConfig;
import io.alertgate.delivery.DeadLetters;
import io.alertgate.delivery.DeliveryEngine;
import io.alertgate.delivery.DestinationResolver;
import io.alertgate.delivery.InMemoryDeadLetters;
import io.alertgate.delivery.OutboxJournal;
import io.alertgate.delivery.StoredDeadLetters;
import io.alertgate.delivery.StoredJournal;
import io.alertgate.slack.Destination;
import io.alertgate.store.RedisDeadLetterLog;
import io.alertgate.store.RedisOutboxStore;
import io.alertgate.store.RedisStateStore;
import io.alertgate.store.StateStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Assembles the durable outbox and the Redis dead letters when {@code redis.url} is set (else the
 * in-memory behaviour: no journal, dead letters in memory), the resolver that finds a destination
 * again by name in the current config, and the loop that takes over left-behind entries.
 */
final class OutboxWiring {
    /** How many times per claim-idle period the owner touches its entries: well inside the period. */
    static final int TOUCHES_PER_IDLE_PERIOD = 4;
    private static final System.Logger LOG = System.getLogger("io.alertgate.app");

    private OutboxWiring() {}

    /** The journal: Redis streams with Redis, none without. */
    static OutboxJournal journal(GatewayConfig config, StateStore store, Supplier<GatewayConfig> current) {
        Optional<RedisConfig> redis = config.redis();
        if (redis.isEmpty() || !(store instanceof RedisStateStore r)) return OutboxJournal.NONE;
        return new StoredJournal(new RedisOutboxStore(r, consumerName(redis.get())), resolver(current),
                () -> current.get().tenants().keySet(), redis.get().outboxClaimIdle());
    }

    /** Dead letters: a capped Redis stream with Redis, memory without. */
    static DeadLetters deadLetters(GatewayConfig config, StateStore store, Supplier<GatewayConfig> current, Clock clock) {
        if (config.redis().isPresent() && store instanceof RedisStateStore r) {
            return new StoredDeadLetters(new RedisDeadLetterLog(r, RedisDeadLetterLog.DEFAULT_CAPACITY), resolver(current), clock);
        }
        return new InMemoryDeadLetters(InMemoryDeadLetters.DEFAULT_CAPACITY, clock);
    }

    /** {@code redis.consumer_name}, or this host's name. */
    static String consumerName(RedisConfig redis) {
        if (!redis.consumerName().isEmpty()) return redis.consumerName();
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse("alertgate");
        }
    }

    /**
     * Finds a destination by the name the engine knows it by ({@code webhook:NAME}, {@code #channel},
     * a channel ID, {@code @user}, {@code TENANT:console}) in the tenant's current config.
     */
    static DestinationResolver resolver(Supplier<GatewayConfig> current) {
        return (tenant, name) -> {
            GatewayConfig config = current.get();
            TenantConfig t = config.tenants().get(tenant);
            if (t == null) return Optional.empty();
            if (name.equals(tenant + ":console")) return Optional.of(new Destination.Console(name));
            if (name.startsWith("webhook:")) {
                return Optional.ofNullable(t.webhooks().get(name.substring("webhook:".length())))
                        .map(url -> new Destination.Webhook(name, url));
            }
            if (t.botToken().isEmpty()) return Optional.empty();
            String channel = name;
            if (name.startsWith("@")) {
                channel = t.users().get(name.substring(1));
                if (channel == null) return Optional.empty();
            }
            return Optional.of(new Destination.Channel(name, channel, t.botToken().get(), config.server().slackApiUrl()));
        };
    }

    /**
     * Runs {@link DeliveryEngine#recover()} now and then every claim-idle period divided by
     * {@link #TOUCHES_PER_IDLE_PERIOD} on a virtual thread, until {@code stop} is set. No-op without Redis.
     */
    static Optional<Thread> startRecovery(GatewayConfig config, DeliveryEngine engine, AtomicBoolean stop) {
        if (config.redis().isEmpty()) return Optional.empty();
        Duration every = config.redis().get().outboxClaimIdle().dividedBy(TOUCHES_PER_IDLE_PERIOD);
        engine.recover();
        return Optional.of(Thread.ofVirtual().name("outbox recovery").start(() -> {
            while (!stop.get()) {
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    engine.recover();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "outbox recovery failed: {0}", e.getMessage());
                }
            }
        }));
    }
}
