package io.alertgate.app;

import io.alertgate.config.GatewayConfig;
import io.alertgate.config.RedisConfig;
import io.alertgate.route.InMemoryRotation;
import io.alertgate.route.Rotation;
import io.alertgate.secrets.Secret;
import io.alertgate.store.IdempotencyKeys;
import io.alertgate.store.InMemoryIdempotencyKeys;
import io.alertgate.store.RedisCounters;
import io.alertgate.store.RedisEndpoint;
import io.alertgate.store.RedisIdempotencyKeys;
import io.alertgate.store.RedisStateStore;
import io.alertgate.store.StateStore;
import io.alertgate.store.StoreException;
import java.time.Clock;

/**
 * What lives in Redis besides escalations and messages, when Redis is configured: the Redis
 * endpoint (URL, Sentinel or Cluster), the dedup keys and the round-robin turns. Without Redis
 * both stay in this process.
 */
final class RedisWiring {
    private static final System.Logger LOG = System.getLogger("io.alertgate.app");

    private RedisWiring() {}

    /** Where {@code redis} points: the URL, the Sentinel master or the Cluster. */
    static RedisEndpoint endpoint(RedisConfig r) {
        if (r.sentinel().isPresent()) {
            RedisConfig.Sentinel s = r.sentinel().get();
            return new RedisEndpoint.Sentinel(s.master(), s.nodes(), s.password().map(Secret::reveal),
                    s.sentinelPassword().map(Secret::reveal));
        }
        if (r.cluster().isPresent()) {
            RedisConfig.Cluster c = r.cluster().get();
            return new RedisEndpoint.Cluster(c.nodes(), c.password().map(Secret::reveal));
        }
        return new RedisEndpoint.Standalone(r.url().orElseThrow().reveal());
    }

    /** Dedup keys in Redis when the store is Redis (replicas share them), else in memory. */
    static IdempotencyKeys idempotencyKeys(StateStore store, Clock clock) {
        return store instanceof RedisStateStore redis ? new RedisIdempotencyKeys(redis) : new InMemoryIdempotencyKeys(clock);
    }

    /**
     * Round-robin turns in Redis when the store is Redis ({@code INCR}, so replicas rotate together),
     * else in memory. With Redis unreachable a turn comes from this process's own counter: the
     * spread is then uneven between replicas for a while, but routing never waits on Redis.
     */
    static Rotation rotation(GatewayConfig config, StateStore store) {
        InMemoryRotation local = new InMemoryRotation();
        if (config.redis().isEmpty() || !(store instanceof RedisStateStore redis)) return local;
        RedisCounters counters = new RedisCounters(redis);
        return key -> {
            // Router keys are "tenant/rule id"; tenant ids never hold '/'.
            int slash = key.indexOf('/');
            if (slash <= 0) return local.next(key);
            try {
                return counters.next(key.substring(0, slash), key.substring(slash + 1));
            } catch (StoreException e) {
                LOG.log(System.Logger.Level.DEBUG, "round-robin turn from memory, redis failed: {0}", e.getMessage());
                return local.next(key);
            }
        };
    }
}
