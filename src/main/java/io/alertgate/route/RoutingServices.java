package io.alertgate.route;

import java.time.Clock;

/**
 * What a {@link Router} needs from outside its config, kept by the app across reloads.
 *
 * @param clock the time that time intervals are checked against
 * @param rotation round-robin counters
 * @param load backlog and breaker state of destinations
 * @param muted told of notifications muted by time intervals
 */
public record RoutingServices(Clock clock, Rotation rotation, DestinationLoad load, MuteListener muted) {
    /** Fresh rotation, idle destinations, no mute listener: for dry runs and tests. */
    public static RoutingServices standalone(Clock clock) {
        return new RoutingServices(clock, new InMemoryRotation(), DestinationLoad.IDLE, MuteListener.NONE);
    }
}
