package io.alertgate.slack;

import io.alertgate.secrets.Secret;
import java.time.Instant;
import java.util.Optional;

/**
 * Where {@link RotatingTokenSource} keeps its latest grant beyond the process — so that a restart
 * resumes with the rotated refresh token (Slack's refresh tokens are single-use) — and how replicas
 * agree that one of them refreshes. {@link #NONE} keeps nothing (the process's memory only).
 * Implementations seal the grant (the app's is a Fernet token under the key ring's primary key).
 */
public interface GrantStore {
    /** Keeps nothing; every lock is granted (one process). */
    GrantStore NONE = new GrantStore() {
        @Override
        public Optional<StoredGrant> read() {
            return Optional.empty();
        }

        @Override
        public void write(StoredGrant grant) {}

        @Override
        public boolean tryLock() {
            return true;
        }

        @Override
        public void unlock() {}
    };

    /**
     * One grant of {@code oauth.v2.access}.
     *
     * @param accessToken the bot token to send with
     * @param refreshToken the refresh token to exchange next (single-use)
     * @param refreshAt when to refresh ({@value RotatingTokenSource#REFRESH_AT_PERCENT} % of {@code expires_in})
     * @param origin SHA-256 (hex) of the configured {@code refresh_token} this chain of grants started
     *     from: a grant whose origin is not the configured token's belongs to an older configuration
     */
    record StoredGrant(Secret accessToken, Secret refreshToken, Instant refreshAt, String origin) {}

    /**
     * The latest grant written by any replica.
     *
     * @throws RuntimeException when the store is unreachable or the sealed value cannot be opened
     */
    Optional<StoredGrant> read();

    /** Replaces the stored grant. */
    void write(StoredGrant grant);

    /** Takes the short refresh lock; false while another replica holds it. */
    boolean tryLock();

    /** Releases the lock taken by {@link #tryLock}. */
    void unlock();
}
