package io.alertgate.store;

import java.util.Map;
import java.util.Optional;

/**
 * The Slack messages posted for a group, per destination name, so that a resolve can
 * {@code chat.update} them and reply in their threads.
 *
 * @throws StoreException (unchecked, every method) when the backing store is unreachable
 */
public interface MessageRefStore {

    /** Remembers (overwrites) where the group's message for {@code destination} went. */
    void remember(String tenant, String groupKey, String destination, MessageRef ref);

    /** Where the group's message for {@code destination} went. */
    Optional<MessageRef> find(String tenant, String groupKey, String destination);

    /** Every remembered message of the group, by destination name. */
    Map<String, MessageRef> all(String tenant, String groupKey);

    /** Forgets the group's messages (after the resolve was posted). */
    void forget(String tenant, String groupKey);
}
