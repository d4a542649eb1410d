package io.alertgate.route;

import io.alertgate.config.Target;

/**
 * How busy and how healthy a destination is now, read by {@code round_robin} (skips an open
 * breaker) and {@code least_loaded} (smallest backlog). The delivery engine answers it; the app
 * adapts one to the other, so {@code route} does not depend on {@code delivery}.
 */
@FunctionalInterface
public interface DestinationLoad {
    /** Every destination idle and healthy: for dry runs and tests. */
    DestinationLoad IDLE = (tenant, target) -> new Load(0, Breaker.CLOSED);

    /** The load of {@code target} of {@code tenant}; a destination never used is idle and CLOSED. */
    Load of(String tenant, Target target);

    /** A circuit breaker's state, as the router needs it. */
    enum Breaker { CLOSED, HALF_OPEN, OPEN }

    /**
     * @param backlog messages queued for the destination and not yet sent (0 or more)
     * @param breaker its circuit breaker's state
     */
    record Load(long backlog, Breaker breaker) {}
}
