package io.alertgate.route;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts muted notifications per tenant and rule since start (a counter for the metrics issue:
 * {@code alertgate_notifications_muted_total{tenant, rule}}). Thread-safe; survives reloads
 * because the app keeps one instance.
 */
public final class MuteCounter implements MuteListener {
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void muted(String tenant, String ruleId, String interval) {
        counts.computeIfAbsent(tenant + "/" + ruleId, k -> new LongAdder()).increment();
    }

    /** Muted notifications of one rule of one tenant so far. */
    public long count(String tenant, String ruleId) {
        LongAdder a = counts.get(tenant + "/" + ruleId);
        return a == null ? 0 : a.sum();
    }

    /** Every count, keyed {@code tenant/rule}, sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
