package io.alertgate.route;

/**
 * Round-robin state of {@code strategy: round_robin} rules: a counter per rule that outlives the
 * {@link Router} (a config reload builds a new router and keeps the rotation, so the spread stays
 * even). In memory here; a Redis implementation shares it between replicas.
 */
@FunctionalInterface
public interface Rotation {
    /**
     * The next turn of {@code key} ({@code tenant/rule id}): 0, 1, 2, … across calls; thread-safe.
     */
    long next(String key);
}
