package io.alertgate.delivery;

import io.alertgate.resilience.Backoff;
import io.alertgate.resilience.CircuitBreaker;
import io.alertgate.resilience.TokenBucket;
import io.alertgate.slack.Destination;
import java.util.Objects;
import java.util.Optional;

/**
 * How the engine treats one tenant's destinations; built from the tenant config by {@code app}.
 *
 * @param rateLimit the token bucket of each destination; empty when the tenant disabled rate limiting
 * @param breaker when a destination counts as down, and for how long
 * @param retry backoff, attempts and age limit of retryable failures
 * @param fallback where permanently refused messages are re-routed; empty: they become dead letters
 */
public record DeliveryPolicy(
        Optional<TokenBucket.Config> rateLimit, CircuitBreaker.Config breaker, Backoff.Config retry,
        Optional<Destination> fallback) {

    public DeliveryPolicy {
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(fallback, "fallback");
    }

    /** Slack's posting rate, the default breaker and backoff, no fallback. */
    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(Optional.of(TokenBucket.Config.defaults()), CircuitBreaker.Config.defaults(),
                Backoff.Config.defaults(), Optional.empty());
    }
}
