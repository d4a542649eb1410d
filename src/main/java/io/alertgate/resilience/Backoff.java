package io.alertgate.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Retry delays: exponential backoff with full jitter, never sooner than the server's
 * {@code Retry-After}.
 *
 * <p><b>Full jitter</b> (AWS Architecture Blog, "Exponential Backoff and Jitter", 2015): the delay
 * before retry {@code attempt} is uniform in {@code [0, min(cap, base × 2^attempt))}. Spreading
 * retries over the whole interval, rather than around its end, is what stops many senders that
 * failed together from retrying together.
 *
 * <p><b>Retry-After is a floor.</b> When Slack answers 429 it says how long to wait; retrying
 * sooner is never useful and risks the token, so the result is {@code max(jittered,
 * retryAfter)}. The delay therefore always lies in {@code [retryAfter, max(retryAfter, cap)]} and
 * is never negative.
 *
 * <p>Randomness is injected as a supplier of doubles in [0, 1), so tests choose the draw. This
 * class computes delays only; the retry stage owns the sleeping, the attempt count and the age.
 */
public final class Backoff {

    public static final Duration DEFAULT_BASE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CAP = Duration.ofSeconds(60);
    /** Attempts in total, the first one included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 6;
    /** After this long since the first attempt a notification is stale; stop retrying. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

    /** Beyond this exponent base × 2^attempt exceeds any cap we could configure anyway. */
    private static final int MAX_EXPONENT = 62;

    /**
     * Retry settings.
     *
     * @param base        the first window, &gt; 0
     * @param cap         the largest window, &ge; base
     * @param maxAttempts attempts in total including the first, &ge; 1
     * @param maxAge      give up once the first attempt is this old, &gt; 0
     */
    public record Config(Duration base, Duration cap, int maxAttempts, Duration maxAge) {
        public Config {
            Objects.requireNonNull(base, "retry.base");
            Objects.requireNonNull(cap, "retry.cap");
            Objects.requireNonNull(maxAge, "retry.max_age");
            if (base.isNegative() || base.isZero()) {
                throw new IllegalArgumentException("retry.base: must be > 0, got " + base);
            }
            if (cap.compareTo(base) < 0) {
                throw new IllegalArgumentException("retry.cap: must be >= retry.base, got " + cap);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("retry.max_attempts: must be >= 1, got " + maxAttempts);
            }
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("retry.max_age: must be > 0, got " + maxAge);
            }
        }

        public static Config defaults() {
            return new Config(DEFAULT_BASE, DEFAULT_CAP, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_AGE);
        }
    }

    private final Config config;
    private final DoubleSupplier unitRandom;
    private final long baseNanos;
    private final long capNanos;

    /** @param unitRandom draws in [0, 1); values outside are clamped */
    public Backoff(Config config, DoubleSupplier unitRandom) {
        this.config = Objects.requireNonNull(config, "config");
        this.unitRandom = Objects.requireNonNull(unitRandom, "unitRandom");
        this.baseNanos = saturatedNanos(config.base());
        this.capNanos = saturatedNanos(config.cap());
    }

    /** A backoff drawing from {@link ThreadLocalRandom}, safe to share between threads. */
    public static Backoff withThreadLocalRandom(Config config) {
        return new Backoff(config, () -> ThreadLocalRandom.current().nextDouble());
    }

    public Config config() {
        return config;
    }

    /**
     * The delay before retry number {@code attempt}.
     *
     * @param attempt    0 for the first retry, then 1, 2, …; negative counts as 0
     * @param retryAfter the server's {@code Retry-After}, if it sent one; a floor
     */
    public Duration delay(int attempt, Optional<Duration> retryAfter) {
        long window = window(attempt);
        double draw = Math.min(Math.max(unitRandom.getAsDouble(), 0.0), 1.0);
        long jittered = Math.min(window, (long) (draw * window));
        long floor = retryAfter.map(Backoff::saturatedNanos).orElse(0L);
        return Duration.ofNanos(Math.max(jittered, Math.max(0L, floor)));
    }

    /**
     * Whether another attempt is allowed.
     *
     * @param attemptsMade attempts already made, the first one included
     * @param age          time since the first attempt
     */
    public boolean canRetry(int attemptsMade, Duration age) {
        return attemptsMade < config.maxAttempts() && age.compareTo(config.maxAge()) < 0;
    }

    /** {@code min(cap, base × 2^attempt)} in nanoseconds, without overflow. */
    long window(int attempt) {
        int exponent = Math.min(Math.max(attempt, 0), MAX_EXPONENT);
        long scaled = baseNanos > (capNanos >> exponent) ? capNanos : baseNanos << exponent;
        return Math.min(capNanos, scaled);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
