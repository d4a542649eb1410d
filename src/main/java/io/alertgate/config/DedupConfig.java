package io.alertgate.config;

import java.time.Duration;

/**
 * The top-level {@code dedup} section: how long an accepted notification's idempotency key is
 * remembered, so that the same notification again (the other member of an Alertmanager HA pair,
 * an Alertmanager retry) is not posted twice.
 *
 * @param ttl {@code ttl_seconds}: how long a key is held, default {@link #DEFAULT_TTL}; zero turns
 *     dedup off. Keep it below Alertmanager's {@code repeat_interval} (default 4h), or a reminder
 *     that repeats an unchanged group would be taken for a duplicate.
 */
public record DedupConfig(Duration ttl) {
    /**
     * 5 minutes: Alertmanager's default {@code group_interval}, well beyond its HA peers' send
     * offset ({@code peer_timeout}, 15 s per position) and its webhook retries, and far below the
     * default {@code repeat_interval} (4 h).
     */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    /** The largest accepted TTL, 1 day. */
    public static final long MAX_TTL_SECONDS = 86_400;

    public DedupConfig {
        if (ttl.isNegative()) throw new IllegalArgumentException("dedup.ttl_seconds must be >= 0");
    }

    public static DedupConfig defaults() {
        return new DedupConfig(DEFAULT_TTL);
    }

    public boolean enabled() {
        return !ttl.isZero();
    }
}
