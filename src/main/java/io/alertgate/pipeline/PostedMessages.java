package io.alertgate.pipeline;

import io.alertgate.store.MessageRef;
import java.util.Optional;

/**
 * Where a group's earlier message to a destination was posted with {@code chat.postMessage}, so
 * that a resolve edits it and replies in its thread instead of posting a new message; {@code app}
 * wires it to the {@link io.alertgate.store.MessageRefStore}.
 */
@FunctionalInterface
public interface PostedMessages {
    /** Remembers nothing: every notification posts a new message. */
    PostedMessages NONE = (tenant, groupKey, destination) -> Optional.empty();

    /**
     * @param destination the destination's {@link io.alertgate.slack.Destination#name()}
     * @return the earlier message, empty when none is known or the store is unreachable (never throws)
     */
    Optional<MessageRef> find(String tenant, String groupKey, String destination);
}
