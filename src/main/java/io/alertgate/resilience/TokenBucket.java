package io.alertgate.resilience;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A non-blocking token bucket: at most {@code burst} tokens, refilled at {@code ratePerSecond}.
 *
 * <p><b>Invariant.</b> In any window of length t the bucket grants at most {@code burst + rate × t}
 * tokens, and a bucket left idle long enough holds exactly {@code burst} tokens.
 *
 * <p><b>Representation.</b> The whole state is one {@code long}: the "theoretical arrival time"
 * (TAT) of the generic cell rate algorithm, i.e. the instant at which the bucket would be full
 * again. A grant costs one interval {@code T = ceil(1 s / rate)} and is allowed while the debt
 * {@code TAT - now} is at most {@code (burst - 1) × T}. This is a token bucket written as a single
 * timestamp: the number of tokens available at {@code now} is {@code burst - (TAT - now) / T}.
 * Rounding {@code T} up can only make the bucket stricter, so the invariant holds exactly in
 * integer arithmetic, with no floating-point drift over a long run.
 *
 * <p><b>Lazy refill.</b> Nothing ticks in the background: the refill owed since the last grant is
 * computed from the injected {@link NanoClock} when someone asks. An idle destination costs no
 * thread and no timer, and a fake clock makes every test deterministic.
 *
 * <p><b>Concurrency.</b> Lock-free: a compare-and-set loop on one {@link AtomicLong}. Because the
 * state is a single word there is no torn read of "tokens" against "last refill", which is the
 * race a two-field bucket needs a lock to avoid; a grant either publishes the new TAT it computed
 * from the value it read, or retries. No allocation on the hot path.
 *
 * <p><b>Defaults.</b> Slack lets an app post about one message per second per channel and
 * tolerates short bursts ("Posting messages: 1 per second, short bursts &gt;1 allowed",
 * https://api.slack.com/docs/rate-limits). Slack does not publish the burst size, so the default
 * is a small, conservative {@value #DEFAULT_BURST}; the tenant's {@code rate_limiting} config
 * overrides it.
 */
public final class TokenBucket {

    /** Slack's documented posting rate per channel. */
    public static final double DEFAULT_RATE_PER_SECOND = 1.0;

    /** Slack allows short bursts without saying how long; stay modest. */
    public static final int DEFAULT_BURST = 3;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /**
     * Rate and burst of one bucket.
     *
     * @param ratePerSecond tokens added per second, finite and &gt; 0 (at most 1e9: one per ns)
     * @param burst         capacity, the most tokens granted at one instant, &ge; 1
     */
    public record Config(double ratePerSecond, int burst) {
        public Config {
            if (!(ratePerSecond > 0) || ratePerSecond > NANOS_PER_SECOND) {
                throw new IllegalArgumentException(
                        "rate_limiting.rate: must be > 0 and <= 1e9 per second, got " + ratePerSecond);
            }
            if (burst < 1) {
                throw new IllegalArgumentException("rate_limiting.burst_capacity: must be >= 1, got " + burst);
            }
        }

        /** Slack's per-channel posting limit. */
        public static Config defaults() {
            return new Config(DEFAULT_RATE_PER_SECOND, DEFAULT_BURST);
        }
    }

    private final Config config;
    private final NanoClock clock;
    /** Nanoseconds one token costs, rounded up so the bucket never exceeds its rate. */
    private final long intervalNanos;
    /** How far TAT may run ahead of now and still grant: {@code (burst - 1) × interval}. */
    private final long toleranceNanos;
    /** Theoretical arrival time: when the bucket is full again. At or before now means full. */
    private final AtomicLong tat;

    public TokenBucket(Config config, NanoClock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.intervalNanos = Math.max(1L, (long) Math.ceil(NANOS_PER_SECOND / config.ratePerSecond()));
        this.toleranceNanos = Math.multiplyExact(config.burst() - 1L, intervalNanos);
        this.tat = new AtomicLong(clock.nanoTime()); // starts full
    }

    public Config config() {
        return config;
    }

    /** Takes one token if one is available now; never blocks. */
    public boolean tryAcquire() {
        while (true) {
            long now = clock.nanoTime();
            long current = tat.get();
            // An idle bucket does not bank more than a full bucket: debt is measured from now.
            long base = current - now > 0 ? current : now;
            if (base - now > toleranceNanos) {
                return false;
            }
            if (tat.compareAndSet(current, base + intervalNanos)) {
                return true;
            }
        }
    }

    /** Nanoseconds until {@link #tryAcquire()} could succeed; 0 when a token is available now. */
    public long nanosUntilNextToken() {
        long wait = tat.get() - toleranceNanos - clock.nanoTime();
        return Math.max(0L, wait);
    }

    /** Whole tokens available now, between 0 and burst; for metrics and tests. */
    public int availableTokens() {
        long debt = Math.max(0L, tat.get() - clock.nanoTime());
        long used = (debt + intervalNanos - 1) / intervalNanos; // a partly repaid token is not yet back
        return (int) Math.max(0L, config.burst() - used);
    }
}
