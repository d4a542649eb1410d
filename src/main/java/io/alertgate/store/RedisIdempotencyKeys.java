package io.alertgate.store;

import java.time.Duration;
import redis.clients.jedis.params.SetParams;

/**
 * {@link IdempotencyKeys} in Redis, shared by every replica: {@code SET key 1 NX PX ttl} claims
 * (atomic, so two replicas receiving the same notification at once cannot both win; the value is
 * a random claim id) and Redis
 * expires the key. Key: {@code alertgate:{T}:dedup:<key>}. Calls go through the store's bounded,
 * observed connection ({@link RedisStateStore#run}), as operations {@code dedup_claim} and
 * {@code dedup_release}.
 */
public final class RedisIdempotencyKeys implements IdempotencyKeys {
    private final RedisStateStore redis;

    public RedisIdempotencyKeys(RedisStateStore redis) {
        this.redis = java.util.Objects.requireNonNull(redis, "redis");
    }

    static String key(String tenant, String key) {
        return RedisStateStore.prefix(tenant) + "dedup:" + key;
    }

    @Override
    public boolean claim(String tenant, String key, Duration ttl) {
        String k = key(tenant, key);
        // A unique value makes the claim safe to repeat: the store retries a command once on a
        // broken connection, and a SET that landed before the break must still count as ours.
        String mine = java.util.UUID.randomUUID().toString();
        return redis.run("dedup_claim", r -> "OK".equals(r.set(k, mine, SetParams.setParams().nx().px(ttl.toMillis())))
                || mine.equals(r.get(k)));
    }

    @Override
    public void release(String tenant, String key) {
        redis.run("dedup_release", r -> r.del(key(tenant, key)));
    }
}
