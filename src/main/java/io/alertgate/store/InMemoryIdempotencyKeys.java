package io.alertgate.store;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * {@link IdempotencyKeys} of one process: a map of key → expiry on an injected clock, lost on
 * restart and not shared between replicas (configure Redis for that). Expired keys are swept
 * while claiming, at most every {@link #SWEEP_INTERVAL}, so the map holds about one TTL's worth.
 */
public final class InMemoryIdempotencyKeys implements IdempotencyKeys {
    /** How often a claim also drops expired keys. */
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

    private record Key(String tenant, String key) {}

    private final Clock clock;
    private final Map<Key, Long> expiresAtMillis = new HashMap<>();
    private long nextSweepMillis;

    public InMemoryIdempotencyKeys(Clock clock) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized boolean claim(String tenant, String key, Duration ttl) {
        long now = clock.millis();
        if (now >= nextSweepMillis) {
            for (Iterator<Long> it = expiresAtMillis.values().iterator(); it.hasNext(); ) {
                if (it.next() <= now) it.remove();
            }
            nextSweepMillis = now + SWEEP_INTERVAL.toMillis();
        }
        Key k = new Key(tenant, key);
        Long held = expiresAtMillis.get(k);
        if (held != null && held > now) return false;
        expiresAtMillis.put(k, now + ttl.toMillis());
        return true;
    }

    @Override
    public synchronized void release(String tenant, String key) {
        expiresAtMillis.remove(new Key(tenant, key));
    }

    /** Keys held now, expired or not yet swept included (tests). */
    synchronized int size() {
        return expiresAtMillis.size();
    }
}
