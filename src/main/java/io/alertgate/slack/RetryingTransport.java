package io.alertgate.slack;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Retries a {@link SlackTransport} a bounded number of times for retryable reasons only (rate
 * limit, server error, network, timeout), with exponential backoff and full jitter, and never
 * sooner than Slack's {@code Retry-After}. A wrapper rather than a loop inside the client, so the
 * client stays one attempt and the retry policy is in one place.
 *
 * <p>A {@code Retry-After} longer than {@link #MAX_RETRY_AFTER_WAIT} is not slept through: the
 * rate-limited result goes back to the caller (the delivery queue), which can wait without holding
 * a thread.
 */
public final class RetryingTransport implements SlackTransport {
    /** Attempts in all, the first included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Backoff ceiling of the first retry; doubles per retry. */
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(500);
    /** Backoff ceiling of any retry. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(10);
    /** Longest {@code Retry-After} waited for here; longer ones are handed back to the caller. */
    public static final Duration MAX_RETRY_AFTER_WAIT = Duration.ofSeconds(30);

    private final SlackTransport delegate;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    /** With the default attempts and delays, and {@link java.util.concurrent.ThreadLocalRandom} jitter. */
    public RetryingTransport(SlackTransport delegate, Sleeper sleeper) {
        this(delegate, DEFAULT_MAX_ATTEMPTS, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY, sleeper,
                () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }

    /** @param random uniform in [0, 1): the jitter; tests pass a constant */
    public RetryingTransport(SlackTransport delegate, int maxAttempts, Duration baseDelay, Duration maxDelay,
            Sleeper sleeper, DoubleSupplier random) {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.sleeper = sleeper;
        this.random = random;
    }

    @Override
    public SendResult send(Destination destination, SlackMessage message) {
        SendResult result = delegate.send(destination, message);
        for (int attempt = 1; attempt < maxAttempts && result.reason().retryable(); attempt++) {
            Duration retryAfter = result.retryAfter().orElse(Duration.ZERO);
            if (retryAfter.compareTo(MAX_RETRY_AFTER_WAIT) > 0) return result;
            Duration wait = max(backoff(attempt), retryAfter);
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
            result = delegate.send(destination, message);
        }
        return result;
    }

    /** Full jitter: uniform in [0, min(maxDelay, baseDelay × 2^(retry-1))). */
    Duration backoff(int retry) {
        long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(retry - 1, 30));
        return Duration.ofMillis((long) (random.getAsDouble() * ceiling));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
