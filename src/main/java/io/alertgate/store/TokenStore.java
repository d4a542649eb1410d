package io.alertgate.store;

import java.time.Duration;
import java.util.Optional;

/**
 * A tenant's rotated Slack token grant, kept as one opaque sealed string (a Fernet token made by
 * the caller: the store never sees a token in clear), and a short lock so that of several
 * replicas one refreshes while the others wait and read. Redis keys:
 * {@code alertgate:{T}:slack_token} and {@code alertgate:{T}:slack_token:lock}.
 *
 * @throws StoreException (unchecked, every method) when the backing store is unreachable
 */
public interface TokenStore {

    /** The sealed grant of {@code tenant}, as last written. */
    Optional<String> sealedToken(String tenant);

    /** Replaces the sealed grant of {@code tenant}. */
    void writeSealedToken(String tenant, String sealed);

    /**
     * Takes the refresh lock for {@code lease} unless another owner holds it ({@code SET NX PX}).
     *
     * @param owner a value unique to the caller, so that only it can release the lock
     */
    boolean tryLockToken(String tenant, String owner, Duration lease);

    /** Releases the lock if {@code owner} still holds it (an expired lock taken by another stays). */
    void unlockToken(String tenant, String owner);
}
