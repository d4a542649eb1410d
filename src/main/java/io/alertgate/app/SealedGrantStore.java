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
 * key of the ring opens it (so {@code alertgate rotate}'s key rotation keeps it readable). The
 * refresh lock is {@code alertgate:{tenant}:slack_token:lock} with this process's random id.
 */
final class SealedGrantStore implements GrantStore {
    private final TokenStore store;
    private final KeyRing keys;
    private final String tenant;
    private final Duration lease;
    private final String owner = UUID.randomUUID().toString();

    /** @param lease how long the refresh lock holds: above one {@code oauth.v2.access} call's timeout */
    SealedGrantStore(TokenStore store, KeyRing keys, String tenant, Duration lease) {
        this.store = store;
        this.keys = keys;
        this.tenant = tenant;
        this.lease = lease;
    }

    @Override
    public Optional<StoredGrant> read() {
        Optional<String> sealed = store.sealedToken(tenant);
        if (sealed.isEmpty()) return Optional.empty();
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
