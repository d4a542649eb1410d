package io.alertgate.app;

import io.alertgate.http.AuditTrail;
import io.alertgate.resilience.NanoClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounds the audit lines written for repeated authentication failures: at most one
 * {@code auth.failure} line per source address per {@link #DEFAULT_WINDOW}. The first failure of a
 * source in a window is written at once, with {@code suppressed} = the failures of the source's
 * previous window that were not written (omitted when none); later failures in the same window only
 * add to that tally. Every other action passes straight through.
 *
 * <p><b>Why.</b> An unauthenticated client can otherwise make the gateway append (and fsync) one
 * hash-chained line per request, growing the audit file without bound. The count is never lost
 * silently: it is reported with the source's next failure, or — when the table of sources is full
 * ({@link #MAX_SOURCES}) and an expired entry is dropped — as an {@code auth.failure.suppressed}
 * line. A burst's tail is therefore on record only after that source fails again or is evicted;
 * the Prometheus counters still count every refused request.
 */
final class AuthFailureAudit implements AuditTrail {
    /** One line per source per minute. */
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    /** Sources tracked at once; past it, entries whose window ended are reported and dropped. */
    static final int MAX_SOURCES = 10_000;
    static final String ACTION = "auth.failure";

    private final AuditTrail next;
    private final NanoClock clock;
    private final long windowNanos;
    /** Guarded by {@code this}: source → its current window. */
    private final Map<String, Window> windows = new LinkedHashMap<>();

    private static final class Window {
        final long startNanos;
        long suppressed;

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    AuthFailureAudit(AuditTrail next, NanoClock clock, Duration window) {
        this.next = next;
        this.clock = clock;
        this.windowNanos = window.toNanos();
    }

    @Override
    public void record(String action, Map<String, String> fields) {
        if (!ACTION.equals(action)) {
            next.record(action, fields);
            return;
        }
        String source = fields.getOrDefault("source", "");
        long now = clock.nanoTime();
        long carried;
        synchronized (this) {
            Window w = windows.get(source);
            if (w != null && now - w.startNanos < windowNanos) {
                w.suppressed++;
                return;
            }
            carried = w == null ? 0 : w.suppressed;
            if (w == null && windows.size() >= MAX_SOURCES) evictExpired(now);
            windows.put(source, new Window(now));
        }
        Map<String, String> line = new LinkedHashMap<>(fields);
        if (carried > 0) line.put("suppressed", Long.toString(carried));
        next.record(action, line);
    }

    /** Drops windows that ended, writing each one's unwritten tally; called with the lock held. */
    private void evictExpired(long now) {
        var it = windows.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (now - e.getValue().startNanos < windowNanos) continue;
            if (e.getValue().suppressed > 0) {
                next.record(ACTION + ".suppressed",
                        Map.of("source", e.getKey(), "suppressed", Long.toString(e.getValue().suppressed)));
            }
            it.remove();
        }
        // Every source failed within the window: forget the oldest, reporting its tally.
        if (windows.size() >= MAX_SOURCES) {
            var oldest = windows.entrySet().iterator().next();
            if (oldest.getValue().suppressed > 0) {
                next.record(ACTION + ".suppressed",
                        Map.of("source", oldest.getKey(), "suppressed", Long.toString(oldest.getValue().suppressed)));
            }
            windows.remove(oldest.getKey());
        }
    }
}
