package io.alertgate.store;

/**
 * Told about every Redis call {@link RedisStateStore} makes, for metrics. A seam of one verb so
 * {@code store} needs no metrics library; called on the caller's thread, so it must be quick and
 * must not throw.
 */
@FunctionalInterface
public interface RedisObserver {
    /** Observes nothing. */
    RedisObserver NONE = (operation, nanos, failed) -> {};

    /**
     * One call finished.
     *
     * @param operation what the store did, one of a fixed set ({@code create}, {@code get},
     *     {@code by_group}, {@code unfinished}, {@code transition}, {@code claim}, {@code release},
     *     {@code remember}, {@code find}, {@code all}, {@code forget}, {@code ping}, {@code dedup_claim},
     *     {@code dedup_release}, {@code rr_next}): never a key
     * @param nanos how long it took, including the wait for a pooled connection, in nanoseconds
     * @param failed whether it failed (the caller got a {@link StoreException})
     */
    void observe(String operation, long nanos, boolean failed);
}
