package io.alertgate.store;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The durable outbox: accepted notifications, as flat string fields, per tenant, from acceptance until
 * they were delivered or became dead letters. Each entry is owned by one consumer (a gateway
 * replica, by its consumer name); another consumer takes it over only once it has been idle — not
 * touched by its owner — for a minimum time, so two replicas never both hold one entry while the
 * owner is alive. Two implementations pass one contract suite: {@link RedisOutboxStore} (a Redis
 * stream per tenant with a consumer group: durable as Redis is, shared by replicas) and
 * {@link InMemoryOutboxStore} (one process; lost on restart).
 *
 * <p>Every method may throw {@link StoreException} when the backing store cannot be reached.
 */
public interface OutboxStore {

    /**
     * One stored entry.
     *
     * @param id the store's id (a Redis stream id such as {@code 1732950000000-0}); unique per tenant
     * @param fields what was appended, unchanged
     */
    record Entry(String tenant, String id, Map<String, String> fields) {
        public Entry {
            fields = Map.copyOf(fields);
        }
    }

    /** Stores {@code fields} for {@code tenant}, owned by this consumer, and returns its id. */
    String append(String tenant, Map<String, String> fields);

    /** Forgets an entry (delivered or dead-lettered); a no-op when it is already gone. */
    void remove(String tenant, String id);

    /**
     * The entries this consumer name owned when its previous process stopped (the startup scan
     * after a crash), oldest first, at most {@code limit}.
     */
    List<Entry> owned(String tenant, int limit);

    /**
     * Takes over entries of any consumer idle for at least {@code minIdle} (their owner died),
     * oldest first, at most {@code limit}; each is then owned by this consumer and is handed to one
     * caller only, however many consumers claim at once. May return entries this consumer already
     * owns (when it did not touch them in time): callers skip the ones they hold.
     */
    List<Entry> claimIdle(String tenant, Duration minIdle, int limit);

    /** Resets the idle time of those {@code ids} this consumer still owns (a heartbeat); others are left alone. */
    void touch(String tenant, Collection<String> ids);
}
