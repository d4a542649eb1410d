package io.alertgate.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The state in Redis through Jedis 8 ({@code RedisClient}, {@code RedisSentinelClient} or
 * {@code RedisClusterClient}, see {@link RedisClients}): durable as the server is configured to be,
 * shared by every replica.
 *
 * <p>Keys (the tenant is the {@code {hash tag}}, so Redis Cluster keeps a tenant's keys in one slot
 * and the Lua scripts below touch one slot only):
 * <ul>
 * <li>{@code alertgate:{T}:esc:{id}} — hash, one escalation; expires {@link #FINISHED_RETENTION} after it ends
 * <li>{@code alertgate:{T}:esc:group:{sha256(groupKey)}} — string, the group's unfinished escalation id
 * <li>{@code alertgate:{T}:esc:unfinished} — set of unfinished escalation ids
 * <li>{@code alertgate:{T}:esc:due} — sorted set, escalation id scored by its next step's due time (epoch ms)
 * <li>{@code alertgate:{T}:esc:leased} — sorted set, claimed steps scored by their lease's end (epoch ms)
 * <li>{@code alertgate:{T}:msg:{sha256(groupKey)}} — hash, destination name → {@code "channel ts"}, or
 *     {@code "channel ts body"} when the message's JSON is kept for an acknowledgement's edit
 * <li>{@code alertgate:{T}:slack_token} — string, the rotated Slack token grant, sealed (Fernet) by the caller
 * <li>{@code alertgate:{T}:slack_token:lock} — string, the refreshing replica's id; {@code PX} lease
 * <li>{@code alertgate:{T}:dedup:{sha256}} — string, a notification's idempotency key, expires after the TTL ({@link RedisIdempotencyKeys})
 * <li>{@code alertgate:{T}:rr:{rule id}} — integer, a round-robin rule's turns ({@link RedisCounters})
 * </ul>
 *
 * <p>Design note: a step is claimed by one Lua script that moves it from {@code due} to
 * {@code leased} (Redis runs a script atomically), so with any number of replicas each due step
 * is handed to one of them; a replica that dies holding a lease loses it when the lease ends and
 * another replica claims the step again. Transitions are compare-and-set scripts on (state, step),
 * so a step racing an acknowledgement cannot overwrite it.
 *
 * <p>Jedis's pool (commons-pool2) hands connections out under a lock and parks waiters; thousands
 * of virtual threads queuing there behave badly, so callers first take a permit from a fair
 * semaphore sized to the pool and never wait inside the pool. Measured (RedisLoadProbe, 5,000
 * virtual threads × 20 reads, pool 16, 2 shared cores, 2026-11-30): with the semaphore 7,300–8,400
 * calls/s and no failures; without it 5,800–6,900 calls/s and about 20% of calls failing with the
 * pool's wait timeout.
 */
public final class RedisStateStore implements StateStore {
    /** How long a finished escalation stays readable (listing, ack answers) before Redis drops it. */
    public static final Duration FINISHED_RETENTION = Duration.ofDays(7);
    /** Group messages are forgotten after this long even without a resolve. */
    public static final Duration MESSAGE_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_POOL_SIZE = 16;

    /** Deletes the lock only when it still holds the caller's id. */
    private static final String UNLOCK = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;
    private static final String CREATE = """
            local existing = redis.call('GET', KEYS[1])
            if existing then return existing end
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('HSET', KEYS[2], unpack(ARGV, 3))
            redis.call('SADD', KEYS[3], ARGV[1])
            redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
            return ARGV[1]
            """;
    private static final String TRANSITION = """
            local s = redis.call('HMGET', KEYS[1], 'state', 'step')
            if s[1] ~= ARGV[2] or s[2] ~= ARGV[3] then return 0 end
            redis.call('HSET', KEYS[1], unpack(ARGV, 7))
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('ZREM', KEYS[3], ARGV[1])
            if ARGV[4] ~= '' then redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1]) end
            if ARGV[5] == '1' then
              redis.call('SREM', KEYS[4], ARGV[1])
              if redis.call('GET', KEYS[5]) == ARGV[1] then redis.call('DEL', KEYS[5]) end
              redis.call('PEXPIRE', KEYS[1], ARGV[6])
            end
            return 1
            """;
    private static final String CLAIM = """
            local out = {}
            local stale = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
            for _, m in ipairs(stale) do
              redis.call('ZADD', KEYS[2], ARGV[2], m)
              out[#out + 1] = m
            end
            local left = tonumber(ARGV[3]) - #out
            if left > 0 then
              local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, left)
              for _, m in ipairs(due) do
                redis.call('ZREM', KEYS[1], m)
                redis.call('ZADD', KEYS[2], ARGV[2], m)
                out[#out + 1] = m
              end
            end
            return out
            """;

    /**
     * How to reach Redis.
     *
     * @param url {@code redis://[user[:password]@]host[:port][/db]}, or {@code rediss://} for TLS;
     *     may hold a password, so it is never logged or shown
     * @param timeout connect and socket timeout of one command
     * @param poolSize most connections, and most concurrent Redis calls
     */
    public record Settings(String url, Duration timeout, int poolSize) {
        public Settings {
            if (poolSize < 1) throw new IllegalArgumentException("poolSize must be >= 1");
        }

        @Override
        public String toString() {
            return "Settings[url=[MASKED], timeout=" + timeout + ", poolSize=" + poolSize + "]";
        }
    }

    private final UnifiedJedis redis;
    private final Semaphore permits;
    private final boolean bounded;
    private final RedisObserver observer;

    /**
     * Connects lazily (the first command opens a connection).
     *
     * @throws IllegalArgumentException for a URL that is not {@code redis://} or {@code rediss://}
     *     (the message never contains the URL)
     */
    public RedisStateStore(Settings settings) {
        this(settings, RedisObserver.NONE);
    }

    /** As above; {@code observer} is told the operation, duration and outcome of every call (metrics). */
    public RedisStateStore(Settings settings, RedisObserver observer) {
        this(settings, true, observer);
    }

    /** {@code boundCalls = false} only to measure what the semaphore buys (RedisLoadProbe in tests). */
    RedisStateStore(Settings settings, boolean boundCalls) {
        this(settings, boundCalls, RedisObserver.NONE);
    }

    private RedisStateStore(Settings settings, boolean boundCalls, RedisObserver observer) {
        this(new RedisEndpoint.Standalone(settings.url()), settings.timeout(), settings.poolSize(), boundCalls, observer);
    }

    /**
     * A store on any {@link RedisEndpoint}: one server, Sentinel or Cluster (see {@link RedisClients}).
     *
     * @param timeout connect and socket timeout of one command
     * @param poolSize most connections, and most concurrent Redis calls
     * @throws IllegalArgumentException for a bad URL or node address (the message never holds a password)
     */
    public RedisStateStore(RedisEndpoint endpoint, Duration timeout, int poolSize, RedisObserver observer) {
        this(endpoint, timeout, poolSize, true, observer);
    }

    private RedisStateStore(RedisEndpoint endpoint, Duration timeout, int poolSize, boolean boundCalls,
            RedisObserver observer) {
        if (poolSize < 1) throw new IllegalArgumentException("poolSize must be >= 1");
        this.bounded = boundCalls;
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
        this.redis = RedisClients.connect(endpoint, timeout, poolSize);
        this.permits = new Semaphore(poolSize, true);
    }

    /**
     * Runs one command (or a few that are safe to repeat together) through this store's bounded,
     * observed connection: for the other Redis-backed parts of the package (idempotency keys,
     * counters), which share this client rather than opening their own pool.
     *
     * @param operation the metric name of what is done, one of a fixed set; never a key
     * @throws StoreException when Redis is unreachable or answers an error
     */
    <T> T run(String operation, Function<UnifiedJedis, T> command) {
        return call(operation, command);
    }

    /** Runs {@code command} and tells the observer how long {@code operation} took and whether it failed. */
    <T> T call(String operation, Function<UnifiedJedis, T> command) {
        long start = System.nanoTime(); // a duration for metrics, not a time of day: no clock to inject
        boolean failed = true;
        try {
            T out = execute(command);
            failed = false;
            return out;
        } finally {
            observer.observe(operation, System.nanoTime() - start, failed);
        }
    }

    private <T> T execute(Function<UnifiedJedis, T> command) {
        if (!bounded) return unbounded(command);
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a Redis connection", e);
        }
        try {
            try {
                return command.apply(redis);
            } catch (JedisConnectionException stale) {
                // A pooled connection broken by a Redis restart fails once and is discarded by
                // Jedis; one more try gets a fresh one. Every command here is safe to repeat: the
                // scripts are idempotent or compare-and-set, and a claim lost in between is only
                // leased, so it comes back after the lease.
                return command.apply(redis);
            }
        } catch (JedisException e) {
            throw new StoreException("redis: " + e.getClass().getSimpleName(), e);
        } finally {
            permits.release();
        }
    }

    private <T> T unbounded(Function<UnifiedJedis, T> command) {
        try {
            return command.apply(redis);
        } catch (JedisException e) {
            throw new StoreException("redis: " + e.getClass().getSimpleName(), e);
        }
    }

    static String prefix(String tenant) {
        return "alertgate:{" + tenant + "}:";
    }

    private static String escKey(String tenant, String id) {
        return prefix(tenant) + "esc:" + id;
    }

    private static String groupKey(String tenant, String groupKey) {
        return prefix(tenant) + "esc:group:" + Sha256.hex(groupKey);
    }

    private static String messagesKey(String tenant, String groupKey) {
        return prefix(tenant) + "msg:" + Sha256.hex(groupKey);
    }

    private static List<String> fields(EscalationRecord r) {
        return List.of("id", r.id(), "tenant", r.tenant(), "group_key", r.groupKey(), "alertname", r.alertname(),
                "state", r.state(), "step", Integer.toString(r.step()), "started_at", Long.toString(r.startedAtMillis()),
                "ended_by", r.endedBy(), "ended_at", Long.toString(r.endedAtMillis()), "severity", r.severity(),
                "ack_until", Long.toString(r.ackUntilMillis()), "labels", encodeLabels(r.silenceLabels()));
    }

    private static Optional<EscalationRecord> record(Map<String, String> h) {
        if (h == null || !h.containsKey("id")) return Optional.empty();
        return Optional.of(new EscalationRecord(h.get("id"), h.get("tenant"), h.get("group_key"),
                h.getOrDefault("alertname", ""), h.get("state"), Integer.parseInt(h.get("step")),
                Long.parseLong(h.get("started_at")), h.getOrDefault("ended_by", ""),
                Long.parseLong(h.getOrDefault("ended_at", "0")), h.getOrDefault("severity", ""),
                Long.parseLong(h.getOrDefault("ack_until", "0")), decodeLabels(h.getOrDefault("labels", ""))));
    }

    /** {@code name=value&…}, each part form-URL-encoded (UTF-8): unambiguous for any label text. */
    static String encodeLabels(java.util.SortedMap<String, String> labels) {
        StringBuilder sb = new StringBuilder();
        labels.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "&").append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    static java.util.SortedMap<String, String> decodeLabels(String encoded) {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        if (encoded.isEmpty()) return out;
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            out.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public EscalationRecord createIfAbsent(EscalationRecord fresh, long firstDueMillis) {
        String t = fresh.tenant();
        List<String> args = new ArrayList<>(List.of(fresh.id(), Long.toString(firstDueMillis)));
        args.addAll(fields(fresh));
        Object id = call("create", r -> r.eval(CREATE, List.of(groupKey(t, fresh.groupKey()), escKey(t, fresh.id()),
                prefix(t) + "esc:unfinished", prefix(t) + "esc:due"), args));
        if (fresh.id().equals(id)) return fresh;
        return get(t, (String) id).orElse(fresh);
    }

    @Override
    public Optional<EscalationRecord> get(String tenant, String id) {
        return record(call("get", r -> r.hgetAll(escKey(tenant, id))));
    }

    @Override
    public Optional<EscalationRecord> byGroup(String tenant, String groupKey) {
        String id = call("by_group", r -> r.get(groupKey(tenant, groupKey)));
        return id == null ? Optional.empty() : get(tenant, id);
    }

    @Override
    public List<EscalationRecord> unfinished(String tenant) {
        List<EscalationRecord> out = new ArrayList<>();
        for (String id : call("unfinished", r -> r.smembers(prefix(tenant) + "esc:unfinished"))) get(tenant, id).ifPresent(out::add);
        return out;
    }

    @Override
    public boolean transition(EscalationRecord from, EscalationRecord to, OptionalLong nextDueMillis, boolean finished) {
        String t = from.tenant();
        List<String> args = new ArrayList<>(List.of(from.id(), from.state(), Integer.toString(from.step()),
                nextDueMillis.isPresent() ? Long.toString(nextDueMillis.getAsLong()) : "", finished ? "1" : "0",
                Long.toString(FINISHED_RETENTION.toMillis())));
        args.addAll(fields(to));
        Object done = call("transition", r -> r.eval(TRANSITION, List.of(escKey(t, from.id()), prefix(t) + "esc:due",
                prefix(t) + "esc:leased", prefix(t) + "esc:unfinished", groupKey(t, from.groupKey())), args));
        return Long.valueOf(1L).equals(done);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> claimDue(String tenant, long nowMillis, long leaseMillis, int limit) {
        Object out = call("claim", r -> r.eval(CLAIM, List.of(prefix(tenant) + "esc:due", prefix(tenant) + "esc:leased"),
                List.of(Long.toString(nowMillis), Long.toString(nowMillis + leaseMillis), Integer.toString(limit))));
        return List.copyOf((List<String>) out);
    }

    @Override
    public void release(String tenant, String id) {
        call("release", r -> r.zrem(prefix(tenant) + "esc:leased", id));
    }

    @Override
    public void remember(String tenant, String groupKey, String destination, MessageRef ref) {
        String key = messagesKey(tenant, groupKey);
        call("remember", r -> {
            r.hset(key, destination, ref.channel() + " " + ref.ts() + (ref.body().isEmpty() ? "" : " " + ref.body()));
            return r.pexpire(key, MESSAGE_RETENTION.toMillis());
        });
    }

    @Override
    public Optional<MessageRef> find(String tenant, String groupKey, String destination) {
        return Optional.ofNullable(call("find", r -> r.hget(messagesKey(tenant, groupKey), destination))).map(RedisStateStore::ref);
    }

    @Override
    public Map<String, MessageRef> all(String tenant, String groupKey) {
        Map<String, MessageRef> out = new LinkedHashMap<>();
        Map<String, String> h = call("all", r -> r.hgetAll(messagesKey(tenant, groupKey)));
        for (var e : (h == null ? new HashMap<String, String>() : h).entrySet()) out.put(e.getKey(), ref(e.getValue()));
        return out;
    }

    /** {@code "channel ts"} or {@code "channel ts body"}: channel and ts never hold a space, the body may. */
    private static MessageRef ref(String stored) {
        int space = stored.indexOf(' ');
        int second = stored.indexOf(' ', space + 1);
        return second < 0 ? new MessageRef(stored.substring(0, space), stored.substring(space + 1))
                : new MessageRef(stored.substring(0, space), stored.substring(space + 1, second), stored.substring(second + 1));
    }

    @Override
    public void forget(String tenant, String groupKey) {
        call("forget", r -> r.del(messagesKey(tenant, groupKey)));
    }

    @Override
    public boolean ping() {
        try {
            return "PONG".equals(call("ping", UnifiedJedis::ping));
        } catch (StoreException e) {
            return false;
        }
    }

    @Override
    public void close() {
        redis.close();
    }

    @Override
    public Optional<String> sealedToken(String tenant) {
        return Optional.ofNullable(call("token_get", r -> r.get(prefix(tenant) + "slack_token")));
    }

    @Override
    public void writeSealedToken(String tenant, String sealed) {
        call("token_set", r -> r.set(prefix(tenant) + "slack_token", sealed));
    }

    @Override
    public boolean tryLockToken(String tenant, String owner, Duration lease) {
        String ok = call("token_lock", r -> r.set(prefix(tenant) + "slack_token:lock", owner,
                SetParams.setParams().nx().px(lease.toMillis())));
        return "OK".equals(ok);
    }

    @Override
    public void unlockToken(String tenant, String owner) {
        call("token_unlock", r -> r.eval(UNLOCK, List.of(prefix(tenant) + "slack_token:lock"), List.of(owner)));
    }
}
