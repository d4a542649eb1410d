package io.alertgate.delivery;

import io.alertgate.resilience.Backoff;
import io.alertgate.resilience.CircuitBreaker;
import io.alertgate.resilience.TokenBucket;
import io.alertgate.slack.Destination;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the engine treats one tenant's destinations; built from the tenant config by {@code app}.
 *
 * @param rateLimit the token bucket of each destination; empty when the tenant disabled rate limiting
 * @param workspaceRateLimit one bucket shared by every Web API destination of one bot token (one
 *     workspace), on top of the per-destination one; empty: none
 * @param breaker when a destination counts as down, and for how long
 * @param retry backoff, attempts and age limit of retryable failures
 * @param fallback where permanently refused messages are re-routed; empty: they become dead letters
 * @param openFallbackAfter how long a message may wait for an open breaker before it goes to the
 *     fallback (when there is one)
 * @param digestThreshold queued non-critical messages of one destination at which they are merged
 *     into one storm digest; 0 turns digests off
 */
public record DeliveryPolicy(
        Optional<TokenBucket.Config> rateLimit, Optional<TokenBucket.Config> workspaceRateLimit,
        CircuitBreaker.Config breaker, Backoff.Config retry,
        Optional<Destination> fallback, Duration openFallbackAfter, int digestThreshold) {

    /** Two minutes: past a first recovery probe (60 s by default) that failed, the destination is really down. */
    public static final Duration DEFAULT_OPEN_FALLBACK_AFTER = Duration.ofSeconds(120);

    /** A backlog of a minute of Slack posting at one message per second is a storm. */
    public static final int DEFAULT_DIGEST_THRESHOLD = 60;

    public DeliveryPolicy {
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(workspaceRateLimit, "workspaceRateLimit");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(openFallbackAfter, "openFallbackAfter");
        if (digestThreshold < 0 || digestThreshold == 1) {
            throw new IllegalArgumentException("storm_digest.threshold: must be 0 (off) or >= 2, got " + digestThreshold);
        }
    }

    /** Slack's posting rate, the default breaker, backoff and digest threshold, no fallback. */
    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(Optional.of(TokenBucket.Config.defaults()), Optional.empty(),
                CircuitBreaker.Config.defaults(),
                Backoff.Config.defaults(), Optional.empty(), DEFAULT_OPEN_FALLBACK_AFTER,
                DEFAULT_DIGEST_THRESHOLD);
    }
}
