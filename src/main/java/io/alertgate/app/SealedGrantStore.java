package io.alertgate.app;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.secrets.KeyRing;
import io.alertgate.secrets.Secret;
import io.alertgate.slack.GrantStore;
import io.alertgate.store.TokenStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's rotated Slack token grant in the state store ({@code alertgate:{tenant}:slack_token}),
 * sealed as a Fernet token under the key ring's primary key: the JSON
 * {@code {"access_token","refresh_token","refresh_at","origin"}} is never stored in clear, and any
 * key of the ring opens it, and a value sealed under another key of the ring is re-sealed under the
 * primary when this process starts and whenever it reads one ({@link #resealUnderPrimary}), so
 * that once every replica has started with {@code NEW,OLD}, OLD can be dropped. The
 * refresh lock is {@code alertgate:{tenant}:slack_token:lock} with this process's random id.
 */
final class SealedGrantStore implements GrantStore {
    private final TokenStore store;
    private final KeyRing keys;
    private final String tenant;
    private final Duration lease;
    private final String owner = UUID.randomUUID().toString();
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(SealedGrantStore.class.getName());

    /** @param lease how long the refresh lock holds: above one {@code oauth.v2.access} call's timeout */
    SealedGrantStore(TokenStore store, KeyRing keys, String tenant, Duration lease) {
        this.store = store;
        this.keys = keys;
        this.tenant = tenant;
        this.lease = lease;
    }

    /**
     * Re-seals the stored grant under the primary key when another key of the ring sealed it (the
     * ring was rotated: {@code ALERTGATE_KEYS=NEW,OLD}), so that it stays readable once OLD is
     * dropped. Done under the refresh lock, re-reading the value first: a replica refreshing at the
     * same time writes a newer grant, which is not overwritten. Skipped while another holds the lock
     * (its write is sealed under its own primary; a later read re-seals it if needed).
     *
     * @return true when the value was rewritten
     * @throws RuntimeException when the store is unreachable or no key of the ring opens the value
     */
    boolean resealUnderPrimary() {
        Optional<String> sealed = store.sealedToken(tenant);
        if (sealed.isEmpty() || keys.sealedUnderPrimary(sealed.get()) || !store.tryLockToken(tenant, owner, lease)) return false;
        try {
            Optional<String> again = store.sealedToken(tenant);
            if (again.isEmpty() || keys.sealedUnderPrimary(again.get())) return false;
            store.writeSealedToken(tenant, keys.rotate(again.get()));
            LOG.info(() -> "the stored slack token of tenant " + tenant + " was re-sealed under the key ring's primary key");
            return true;
        } finally {
            store.unlockToken(tenant, owner);
        }
    }

    @Override
    public Optional<StoredGrant> read() {
        Optional<String> sealed = store.sealedToken(tenant);
        if (sealed.isEmpty()) return Optional.empty();
        if (!keys.sealedUnderPrimary(sealed.get())) resealUnderPrimary();
        Map<String, Object> m;
        try {
            m = JSON.std.mapFrom(new String(keys.decrypt(sealed.get()), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("the stored slack token of tenant " + tenant + " is not valid JSON");
        }
        if (!(m.get("access_token") instanceof String access) || !(m.get("refresh_token") instanceof String refresh)
                || !(m.get("refresh_at") instanceof String at) || !(m.get("origin") instanceof String origin)) {
            throw new IllegalStateException("the stored slack token of tenant " + tenant + " lacks a field");
        }
        return Optional.of(new StoredGrant(Secret.of(access), Secret.of(refresh), Instant.parse(at), origin));
    }

    @Override
    public void write(StoredGrant grant) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", grant.accessToken().reveal());
        m.put("refresh_token", grant.refreshToken().reveal());
        m.put("refresh_at", grant.refreshAt().toString());
        m.put("origin", grant.origin());
        try {
            store.writeSealedToken(tenant, keys.encrypt(JSON.std.asString(m).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the slack token grant", e);
        }
    }

    @Override
    public boolean tryLock() {
        return store.tryLockToken(tenant, owner, lease);
    }

    @Override
    public void unlock() {
        store.unlockToken(tenant, owner);
    }
}
