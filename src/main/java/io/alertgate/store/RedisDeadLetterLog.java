package io.alertgate.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Dead letters in one Redis stream, {@code alertgate:deadletters}, shared by every replica (so
 * the admin API lists and replays the same set whichever replica answers) and capped with
 * {@code XADD MAXLEN} (exact, not {@code ~}): at most {@code capacity} entries, the oldest trimmed
 * first. One key for all tenants because the list endpoint shows all of them oldest first; it has no
 * tenant hash tag, so in a Redis Cluster it lives in one slot of its own.
 */
public final class RedisDeadLetterLog implements DeadLetterLog {
    /** The stream's key. */
    public static final String KEY = "alertgate:deadletters";
    /** The default bound, the same as the in-memory dead letters'. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** Stream ids are {@code <ms>-<seq>}; anything else is not kept here (and would make XRANGE fail). */
    private static final Pattern STREAM_ID = Pattern.compile("\\d{1,20}-\\d{1,20}");

    private static final String TAKE = """
            local e = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
            if #e == 0 then return false end
            redis.call('XDEL', KEYS[1], ARGV[1])
            return e[1][2]
            """;

    private final RedisStateStore redis;
    private final int capacity;

    public RedisDeadLetterLog(RedisStateStore redis, int capacity) {
        this.redis = Objects.requireNonNull(redis, "redis");
        if (capacity < 1) throw new IllegalArgumentException("dead letter capacity: must be >= 1, got " + capacity);
        this.capacity = capacity;
    }

    @Override
    public String add(Map<String, String> fields) {
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(capacity));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return redis.call("deadletter_add", r -> (String) r.eval(
                "return redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[1], '*', unpack(ARGV, 2))", List.of(KEY), args));
    }

    @Override
    public List<Entry> list() {
        Object reply = redis.call("deadletter_list", r -> r.eval("return redis.call('XRANGE', KEYS[1], '-', '+')",
                List.of(KEY), List.of()));
        List<Entry> out = new ArrayList<>();
        for (OutboxStore.Entry e : RedisOutboxStore.entries("", reply)) out.add(new Entry(e.id(), e.fields()));
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<Entry> take(String id) {
        if (!STREAM_ID.matcher(id).matches()) return Optional.empty();
        Object reply = redis.call("deadletter_take", r -> r.eval(TAKE, List.of(KEY), List.of(id)));
        if (!(reply instanceof List<?> flat)) return Optional.empty();
        return Optional.of(new Entry(id, RedisOutboxStore.fields((List<Object>) flat)));
    }
}
