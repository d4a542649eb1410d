package io.alertgate.store;

import java.time.Duration;

/**
 * Idempotency keys held for a while: the memory of which notifications were already accepted, so
 * that the same one arriving again (from the other member of an Alertmanager HA pair, or an
 * Alertmanager retry) is recognised. A key is claimed before the work and released when the work
 * was refused, so a refused notification can be retried.
 *
 * @throws StoreException (unchecked, every method) when the backing store is unreachable
 */
public interface IdempotencyKeys {

    /**
     * Holds {@code key} of {@code tenant} for {@code ttl} unless someone holds it already.
     *
     * @param key an opaque key (a hex digest), unique within the tenant
     * @param ttl how long the key is held; positive
     * @return true when this caller now holds the key (first sight), false when it was held
     */
    boolean claim(String tenant, String key, Duration ttl);

    /** Lets go of a claimed key at once (the work it guarded was refused); unknown keys are ignored. */
    void release(String tenant, String key);
}
