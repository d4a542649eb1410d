package io.alertgate.store;

/**
 * Counters shared by every replica, one {@code INCR} each: key {@code alertgate:{T}:rr:<name>}
 * (the round-robin turns of a routing rule, so replicas rotate together). Kept for good: one small
 * integer per round-robin rule. Calls go through the store's bounded, observed connection as
 * operation {@code rr_next}.
 */
public final class RedisCounters {
    private final RedisStateStore redis;

    public RedisCounters(RedisStateStore redis) {
        this.redis = java.util.Objects.requireNonNull(redis, "redis");
    }

    static String key(String tenant, String name) {
        return RedisStateStore.prefix(tenant) + "rr:" + name;
    }

    /**
     * The counter's value before this call: 0, 1, 2, … across every replica.
     *
     * @throws StoreException when Redis is unreachable
     */
    public long next(String tenant, String name) {
        return redis.run("rr_next", r -> r.incr(key(tenant, name))) - 1;
    }
}
