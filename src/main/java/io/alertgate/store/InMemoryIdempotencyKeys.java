package io.alertgate.store;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

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
    private final ConcurrentMap<Key, Long> expiresAtMillis = new ConcurrentHashMap<>();
    private final AtomicLong nextSweepMillis = new AtomicLong();

    public InMemoryIdempotencyKeys(Clock clock) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    /** Lock-free: it is on every webhook's path. One claim per sweep interval (whichever wins the CAS) sweeps. */
    @Override
    public boolean claim(String tenant, String key, Duration ttl) {
        long now = clock.millis();
        long sweepAt = nextSweepMillis.get();
        if (now >= sweepAt && nextSweepMillis.compareAndSet(sweepAt, now + SWEEP_INTERVAL.toMillis())) {
            expiresAtMillis.values().removeIf(expiry -> expiry <= now);
        }
        long expiry = now + ttl.toMillis();
        // compute is atomic per key: of two claims of one key, exactly one finds it free.
        boolean[] claimed = {false};
        expiresAtMillis.compute(new Key(tenant, key), (k, held) -> {
            if (held != null && held > now) return held;
            claimed[0] = true;
            return expiry;
        });
        return claimed[0];
    }

    @Override
    public void release(String tenant, String key) {
        expiresAtMillis.remove(new Key(tenant, key));
    }

    /** Keys held now, expired or not yet swept included (tests). */
    int size() {
        return expiresAtMillis.size();
    }
}
