package io.alertgate.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outbox as one Redis stream per tenant, {@code alertgate:{T}:outbox}, read through the
 * consumer group {@value #GROUP}; each replica is one consumer, by its consumer name.
 *
 * <p>Design note: {@link #append} is one Lua script that runs {@code XADD} and then
 * {@code XREADGROUP … >} for one entry. Redis runs a script atomically and every entry is added by
 * this script, so the entry read is the one just added, and it enters the group's pending list owned
 * by the appending consumer: no other consumer can read it with {@code >}. Another replica gets it
 * only through {@code XAUTOCLAIM} once it has been idle {@code minIdle}, which is why the owner
 * {@link #touch}es what it holds ({@code XCLAIM … JUSTID} resets the idle time) well within that
 * time. {@code XAUTOCLAIM} is atomic too, so two replicas claiming at once split the idle entries
 * between them. Delivery ends with {@code XACK} + {@code XDEL} in one script, so the stream holds only
 * undelivered entries. A restarted replica with the same consumer name finds what it owned with
 * {@code XREADGROUP … 0} ({@link #owned}) at once, without waiting for the idle time.
 *
 * <p>Durability is Redis's: with {@code appendonly yes} and {@code appendfsync everysec} (Redis's
 * default fsync policy) a Redis crash loses at most about one second of accepted entries; with
 * snapshots only, everything since the last snapshot.
 */
public final class RedisOutboxStore implements OutboxStore {
    /** The consumer group every replica reads the outbox streams through. */
    public static final String GROUP = "alertgate";
    /** Most ids one {@link #touch} script handles, so no script blocks Redis for long. */
    static final int TOUCH_BATCH = 500;

    private static final String APPEND = """
            if redis.call('EXISTS', KEYS[1]) == 0 then
              redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM')
            end
            local id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 3))
            redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', 1, 'STREAMS', KEYS[1], '>')
            return id
            """;
    private static final String REMOVE = """
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            return redis.call('XDEL', KEYS[1], ARGV[2])
            """;
    private static final String OWNED = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
            local r = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3], 'STREAMS', KEYS[1], '0')
            if not r then return {} end
            local out = {}
            for _, e in ipairs(r[1][2]) do
              if e[2] then out[#out + 1] = e end
            end
            return out
            """;
    private static final String CLAIM_IDLE = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
            local out = {}
            local limit = tonumber(ARGV[4])
            local cursor = '0-0'
            repeat
              local r = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], cursor, 'COUNT', limit - #out)
              cursor = r[1]
              for _, e in ipairs(r[2]) do
                if e[2] then out[#out + 1] = e end
              end
            until cursor == '0-0' or #out >= limit
            return out
            """;
    private static final String TOUCH = """
            local n = 0
            for i = 3, #ARGV do
              local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[2])
              if #p > 0 then
                redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
                n = n + 1
              end
            end
            return n
            """;

    private final RedisStateStore redis;
    private final String consumer;

    /**
     * @param redis the connection (its pool and its bound on concurrent calls are shared)
     * @param consumer this replica's consumer name: unique among live replicas, and the same after
     *     a restart so that the restarted process finds its entries at once
     */
    public RedisOutboxStore(RedisStateStore redis, String consumer) {
        this.redis = Objects.requireNonNull(redis, "redis");
        if (consumer == null || consumer.isBlank()) throw new IllegalArgumentException("consumer name must not be empty");
        this.consumer = consumer;
    }

    static String key(String tenant) {
        return RedisStateStore.prefix(tenant) + "outbox";
    }

    @Override
    public String append(String tenant, Map<String, String> fields) {
        if (fields.isEmpty()) throw new IllegalArgumentException("an outbox entry needs at least one field");
        List<String> args = new ArrayList<>(2 + 2 * fields.size());
        args.add(GROUP);
        args.add(consumer);
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return (String) redis.call("outbox_append", r -> r.eval(APPEND, List.of(key(tenant)), args));
    }

    @Override
    public void remove(String tenant, String id) {
        redis.call("outbox_remove", r -> r.eval(REMOVE, List.of(key(tenant)), List.of(GROUP, id)));
    }

    @Override
    public List<Entry> owned(String tenant, int limit) {
        return entries(tenant, redis.call("outbox_owned", r -> r.eval(OWNED, List.of(key(tenant)),
                List.of(GROUP, consumer, Integer.toString(limit)))));
    }

    @Override
    public List<Entry> claimIdle(String tenant, Duration minIdle, int limit) {
        return entries(tenant, redis.call("outbox_claim", r -> r.eval(CLAIM_IDLE, List.of(key(tenant)),
                List.of(GROUP, consumer, Long.toString(minIdle.toMillis()), Integer.toString(limit)))));
    }

    @Override
    public void touch(String tenant, Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += TOUCH_BATCH) {
            List<String> args = new ArrayList<>(List.of(GROUP, consumer));
            args.addAll(all.subList(from, Math.min(all.size(), from + TOUCH_BATCH)));
            redis.call("outbox_touch", r -> r.eval(TOUCH, List.of(key(tenant)), args));
        }
    }

    /** Stream entries as Lua hands them back: {@code [[id, [field, value, …]], …]}. */
    @SuppressWarnings("unchecked")
    static List<Entry> entries(String tenant, Object reply) {
        List<Entry> out = new ArrayList<>();
        for (Object o : (List<Object>) reply) {
            List<Object> e = (List<Object>) o;
            out.add(new Entry(tenant, (String) e.get(0), fields((List<Object>) e.get(1))));
        }
        return out;
    }

    static Map<String, String> fields(List<Object> flat) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) m.put((String) flat.get(i), (String) flat.get(i + 1));
        return m;
    }
}
