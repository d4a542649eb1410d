package io.alertgate.route;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** {@link Rotation} for one process: one atomic counter per key, lost on restart. */
public final class InMemoryRotation implements Rotation {
    private final ConcurrentHashMap<String, AtomicLong> counters = new ConcurrentHashMap<>();

    @Override
    public long next(String key) {
        return counters.computeIfAbsent(key, k -> new AtomicLong()).getAndIncrement();
    }
}
