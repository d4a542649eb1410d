package io.alertgate.delivery;

import io.alertgate.slack.Destination;
import java.util.Optional;

/**
 * Finds a destination again by its name in the current config, with its webhook URL or bot token:
 * what a message read back from Redis after a restart is sent to (Redis never holds a secret).
 */
@FunctionalInterface
public interface DestinationResolver {
    /** Resolves nothing: every destination read back is {@link Destination.Unresolved}. */
    DestinationResolver NONE = (tenant, name) -> Optional.empty();

    /** The destination {@code name} of {@code tenant} ({@link Destination#name()}), empty when the config has none. */
    Optional<Destination> resolve(String tenant, String name);
}
