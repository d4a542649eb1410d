package io.alertgate.delivery;

import io.alertgate.alert.Priority;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of one destination's dispatcher at one instant, for the admin API and the
 * status page. Names only: a destination appears as {@code webhook:ops} or {@code #alerts}, never
 * with its URL or token.
 *
 * @param tenant the tenant id
 * @param destination the destination's name ({@code Destination.name()})
 * @param breaker the circuit breaker's state: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}
 * @param bucket the per-destination token bucket; empty when not rate limited (console, or disabled)
 * @param lanes messages queued per priority lane, highest priority first (every priority present, 0 when empty)
 * @param oldestAge age of the oldest queued message in any lane; zero when none is queued
 * @param laneOldestAges age of the oldest queued message per priority lane (every priority present, zero when empty)
 */
public record DestinationStatus(String tenant, String destination, String breaker, Optional<Bucket> bucket,
        Map<Priority, Integer> lanes, Duration oldestAge, Map<Priority, Duration> laneOldestAges) {
    public DestinationStatus {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(bucket, "bucket");
        lanes = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(lanes)); // priority order, highest first
        Objects.requireNonNull(oldestAge, "oldestAge");
        laneOldestAges = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(laneOldestAges));
    }

    /**
     * A token bucket's state.
     *
     * @param availableTokens whole tokens available now, 0..burst
     * @param ratePerSecond tokens added per second
     * @param burst capacity
     */
    public record Bucket(int availableTokens, double ratePerSecond, int burst) {}

    /** Messages queued in all lanes. */
    public int backlog() {
        return lanes.values().stream().mapToInt(Integer::intValue).sum();
    }
}
